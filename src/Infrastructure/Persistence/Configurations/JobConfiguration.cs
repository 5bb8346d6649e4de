using MemoryAssistant.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs");
        builder.Property(j => j.Kind).HasMaxLength(64).IsRequired();
        builder.HasOne(j => j.Interaction).WithMany().HasForeignKey(j => j.InteractionId).OnDelete(DeleteBehavior.Cascade);
        // The worker's claim looks for due pending jobs and expired leases.
        builder.HasIndex(j => new { j.Status, j.RunAfter });
        builder.HasIndex(j => j.InteractionId);
        // "Is a digest already scheduled for this user?", "the reminder's pending delivery".
        builder.HasIndex(j => new { j.Kind, j.SubjectId, j.Status });
    }
}
