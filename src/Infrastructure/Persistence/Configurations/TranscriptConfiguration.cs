using MemoryAssistant.Domain.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class TranscriptConfiguration : IEntityTypeConfiguration<Transcript>
{
    public void Configure(EntityTypeBuilder<Transcript> builder)
    {
        builder.ToTable("transcripts");
        // One transcript per recording: the same voice note sent again is not transcribed again.
        builder.HasOne(t => t.MediaAsset).WithMany().HasForeignKey(t => t.MediaAssetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.MediaAssetId).IsUnique();
        builder.Property(t => t.Text).IsRequired();
        builder.Property(t => t.Engine).HasMaxLength(64).IsRequired();
        builder.Property(t => t.Language).HasMaxLength(32);
    }
}
