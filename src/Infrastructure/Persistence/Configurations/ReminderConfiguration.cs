using MemoryAssistant.Domain.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> builder)
    {
        builder.ToTable("reminders");
        builder.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Interaction).WithMany().HasForeignKey(r => r.InteractionId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        // Forgetting the memory does not cancel the reminder; "/reminders cancel" does.
        builder.HasOne(r => r.Memory).WithMany().HasForeignKey(r => r.MemoryId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(r => r.What).HasMaxLength(Reminder.MaxWhatLength).IsRequired();
        builder.Property(r => r.Cron).HasMaxLength(64);
        // "/reminders": a user's open reminders, soonest first.
        builder.HasIndex(r => new { r.UserId, r.Status, r.NextDueAt });
        builder.Ignore(r => r.IsRecurring);
    }
}
