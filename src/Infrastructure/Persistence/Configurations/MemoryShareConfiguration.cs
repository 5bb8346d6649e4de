using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Sharing;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class MemoryShareConfiguration : IEntityTypeConfiguration<MemoryShare>
{
    public void Configure(EntityTypeBuilder<MemoryShare> builder)
    {
        builder.ToTable("memory_shares");
        // The sharer forgetting the memory or erasing their data leaves the recipient's accepted copy alone.
        builder.HasOne<Memory>().WithMany().HasForeignKey(s => s.MemoryId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.FromUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.ToUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Memory>().WithMany().HasForeignKey(s => s.CopyMemoryId).OnDelete(DeleteBehavior.SetNull);
        // "accept": the recipient's oldest open offer.
        builder.HasIndex(s => new { s.ToUserId, s.Status, s.OfferedAt });
    }
}
