using MemoryAssistant.Domain.Interactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> builder)
    {
        builder.ToTable("interactions");
        builder.HasOne(i => i.User).WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);

        // Idempotency: a Twilio message is stored once however often it is delivered.
        builder.Property(i => i.MessageSid).HasMaxLength(34);
        builder.HasIndex(i => i.MessageSid).IsUnique();
        // Idempotency for REST: a key is unique per user.
        builder.Property(i => i.IdempotencyKey).HasMaxLength(255);
        builder.HasIndex(i => new { i.UserId, i.IdempotencyKey }).IsUnique();
        builder.Property(i => i.RequestFingerprint).HasMaxLength(64);

        builder.Property(i => i.Body).IsRequired();
        builder.Property(i => i.DuplicateDeliveries).HasDefaultValue(0);
        // Newest-first listings, overall and per user.
        builder.HasIndex(i => i.ReceivedAt);
        builder.HasIndex(i => new { i.UserId, i.ReceivedAt });

        builder.HasMany(i => i.Media).WithOne(m => m.Interaction).HasForeignKey(m => m.InteractionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Media).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
