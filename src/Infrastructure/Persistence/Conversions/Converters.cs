using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace MemoryAssistant.Infrastructure.Persistence.Conversions;

public sealed class InstantToUnixMillisecondsConverter() : ValueConverter<Instant, long>(
    instant => instant.ToUnixTimeMilliseconds(),
    millis => Instant.FromUnixTimeMilliseconds(millis));

public sealed class WhatsAppNumberConverter() : ValueConverter<WhatsAppNumber, string>(
    number => number.Value,
    text => WhatsAppNumber.Parse(text));

public sealed class MessageSidConverter() : ValueConverter<MessageSid, string>(
    sid => sid.Value,
    text => MessageSid.Parse(text));

public sealed class ContentHashConverter() : ValueConverter<ContentHash, string>(
    hash => hash.Value,
    text => ContentHash.Parse(text));

public sealed class LowerCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => value.ToString().ToLowerInvariant(),
    text => Enum.Parse<TEnum>(text, true))
    where TEnum : struct, Enum;

public sealed class LocalTimeToTextConverter() : ValueConverter<LocalTime, string>(
    time => time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
    text => NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text).Value);
