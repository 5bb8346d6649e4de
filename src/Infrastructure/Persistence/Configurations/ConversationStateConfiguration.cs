using MemoryAssistant.Domain.Conversations;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class ConversationStateConfiguration : IEntityTypeConfiguration<ConversationState>
{
    public void Configure(EntityTypeBuilder<ConversationState> builder)
    {
        builder.ToTable("conversation_states");
        // One thread per user; it goes with the user.
        builder.HasKey(s => s.UserId);
        builder.HasOne<User>().WithOne().HasForeignKey<ConversationState>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.LastQuestion).HasMaxLength(500);
        builder.Property(s => s.ResultIds).HasMaxLength(ConversationState.MaxResults * 20).IsRequired();
        builder.Ignore(s => s.Results);
    }
}
