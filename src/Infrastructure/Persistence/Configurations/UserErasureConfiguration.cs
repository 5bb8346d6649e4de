using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class UserErasureConfiguration : IEntityTypeConfiguration<UserErasure>
{
    public void Configure(EntityTypeBuilder<UserErasure> builder)
    {
        builder.ToTable("user_erasures");
        builder.Property(e => e.ConfirmingMessageSid).HasMaxLength(64);
        builder.HasIndex(e => e.ConfirmingMessageSid).IsUnique();
        builder.Property(e => e.Summary).HasMaxLength(500).IsRequired();
    }
}
