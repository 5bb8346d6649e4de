using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Users;

/// <summary>Finds a user by WhatsApp number, or registers them with a time zone guessed from the number.</summary>
public sealed class UserDirectory(IApplicationDbContext db, ITimeZoneGuesser zoneGuesser, IClock clock, ILogger<UserDirectory> logger)
{
    public async Task<User> FindOrRegisterAsync(WhatsAppNumber number, string? profileName, string? waId, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Number == number, cancellationToken);
        if (user is not null)
        {
            user.Touch(profileName, waId, now);
            return user;
        }

        var guess = zoneGuesser.Guess(number.Value);
        user = User.Register(number, profileName, waId, guess.ZoneId, now);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Registered user {User} in {TimeZone} ({Reason})", number.Masked, guess.ZoneId, guess.Reason);
        return user;
    }
}
