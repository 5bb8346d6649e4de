using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Outbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class OutboundMessageConfiguration : IEntityTypeConfiguration<OutboundMessage>
{
    public void Configure(EntityTypeBuilder<OutboundMessage> builder)
    {
        builder.ToTable("outbound_messages");
        builder.HasOne(o => o.User).WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Interaction>().WithMany().HasForeignKey(o => o.InteractionId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(o => o.Purpose).HasMaxLength(32).IsRequired();
        builder.Property(o => o.DedupeKey).HasMaxLength(128).IsRequired();
        // Exactly one message per cause (one reminder occurrence, one digest day): the key is the guarantee.
        builder.HasIndex(o => o.DedupeKey).IsUnique();
        builder.Property(o => o.Body).HasMaxLength(1600).IsRequired();
        builder.Property(o => o.TemplateVariables).HasMaxLength(2000);
        builder.Property(o => o.ProviderMessageId).HasMaxLength(64);
        builder.Property(o => o.Error).HasMaxLength(OutboundMessage.MaxErrorLength);
        builder.HasIndex(o => new { o.UserId, o.CreatedAt });
    }
}
