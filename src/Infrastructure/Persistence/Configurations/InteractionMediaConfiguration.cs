using MemoryAssistant.Domain.Interactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class InteractionMediaConfiguration : IEntityTypeConfiguration<InteractionMedia>
{
    public void Configure(EntityTypeBuilder<InteractionMedia> builder)
    {
        builder.ToTable("interaction_media");
        // Twilio numbers attachments MediaUrl0..N-1 within a message: (message, position) is the identity.
        builder.HasKey(m => new { m.InteractionId, m.Position });
        builder.Property(m => m.MediaUrl).HasMaxLength(2048).IsRequired();
        builder.Property(m => m.DeclaredContentType).HasMaxLength(128);
        // Media is shared by many messages; deleting one message must not delete the blob others use.
        builder.HasOne(m => m.MediaAsset).WithMany().HasForeignKey(m => m.MediaAssetId).OnDelete(DeleteBehavior.Restrict);
    }
}
