using MemoryAssistant.Domain.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class MediaAssetConfiguration : IEntityTypeConfiguration<MediaAsset>
{
    public void Configure(EntityTypeBuilder<MediaAsset> builder)
    {
        builder.ToTable("media_assets");
        // Deduplication by content: the same bytes can only be stored once.
        builder.Property(a => a.Sha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(a => a.Sha256).IsUnique();
        builder.Property(a => a.ContentType).HasMaxLength(128).IsRequired();
        builder.Property(a => a.StoragePath).HasMaxLength(512).IsRequired();
        builder.HasOne<MediaAsset>().WithMany().HasForeignKey(a => a.NearDuplicateOfId).OnDelete(DeleteBehavior.SetNull);
        builder.Ignore(a => a.IsImage);
        builder.Ignore(a => a.IsAudio);
    }
}
