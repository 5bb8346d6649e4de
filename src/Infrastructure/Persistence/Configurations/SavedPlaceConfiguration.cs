using MemoryAssistant.Domain.Places;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class SavedPlaceConfiguration : IEntityTypeConfiguration<SavedPlace>
{
    public void Configure(EntityTypeBuilder<SavedPlace> builder)
    {
        builder.ToTable("saved_places");
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.Name).HasMaxLength(SavedPlace.MaxNameLength).IsRequired();
        // One "office" per user: naming it again moves it.
        builder.HasIndex(p => new { p.UserId, p.Name }).IsUnique();
    }
}
