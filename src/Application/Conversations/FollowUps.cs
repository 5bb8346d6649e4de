using System.Globalization;
using System.Text.RegularExpressions;
using MemoryAssistant.Application.Common.Time;
using NodaTime;

namespace MemoryAssistant.Application.Conversations;

public enum FollowUpKind { Greeting, Thanks, More, Refer, Undo, Forget, Confirm, Cancel, Shift }

/// <param name="Item">Refer / Forget: the 1-based number in the last results (Refer: null means "that photo").</param>
/// <param name="WantsPhoto">Refer: the user asked to see a photo ("show me that photo").</param>
/// <param name="Period">Shift: the new time phrase ("last month").</param>
/// <param name="StepsBack">Shift: move the last period back by its own length this many times ("the week before").</param>
public sealed record FollowUp(FollowUpKind Kind, int? Item = null, bool WantsPhoto = false, string? Period = null, int StepsBack = 0);

/// <summary>
/// Messages that only make sense in the conversation: greetings and thanks (never saved as memories), "more",
/// "the second one", "what about last month?", "undo", "forget 3" and its yes/no. Whole-message rules, so a
/// note that merely contains these words is still a note.
/// </summary>
public static partial class FollowUps
{
    private static readonly string[] s_ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    public static FollowUp? Detect(string message, Instant now, DateTimeZone zone)
    {
        var text = Normalise(message);
        if (text.Length == 0)
            return null;

        if (Greeting().IsMatch(text))
            return new FollowUp(FollowUpKind.Greeting);
        if (Thanks().IsMatch(text))
            return new FollowUp(FollowUpKind.Thanks);
        if (More().IsMatch(text))
            return new FollowUp(FollowUpKind.More);
        if (Undo().IsMatch(text))
            return new FollowUp(FollowUpKind.Undo);
        if (Confirm().IsMatch(text))
            return new FollowUp(FollowUpKind.Confirm);
        if (Cancel().IsMatch(text))
            return new FollowUp(FollowUpKind.Cancel);
        if (Forget().Match(text) is { Success: true } forget)
            return new FollowUp(FollowUpKind.Forget, int.Parse(forget.Groups["n"].Value, CultureInfo.InvariantCulture));
        if (ReferToThat().Match(text) is { Success: true } that)
            return new FollowUp(FollowUpKind.Refer, null, that.Groups["photo"].Success);
        if (ReferByNumber().Match(text) is { Success: true } byNumber && Number(byNumber.Groups["n"].Value) is { } n)
            return new FollowUp(FollowUpKind.Refer, n, byNumber.Groups["photo"].Success);
        if (Shift().Match(text) is { Success: true } shift)
        {
            var rest = shift.Groups["rest"].Value;
            if (Before().Match(rest) is { Success: true } before)
                return new FollowUp(FollowUpKind.Shift, StepsBack: 1, Period: before.Groups["unit"].Value);
            if (TimePhraseParser.Parse(rest, now, zone) is { } phrase && string.IsNullOrWhiteSpace(phrase.RemainingText))
                return new FollowUp(FollowUpKind.Shift, Period: rest);
        }

        return null;
    }

    private static int? Number(string word)
    {
        if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return n is >= 1 and <= 99 ? n : null;
        var index = Array.IndexOf(s_ordinals, word);
        return index >= 0 ? index + 1 : null;
    }

    // Lower-case, without trailing punctuation and the emoji people add ("thanks!! 🙏").
    private static string Normalise(string message) =>
        Trailing().Replace(message.Trim().ToLowerInvariant().Replace('’', '\''), "").Trim();

    [GeneratedRegex(@"[\s!?.,;:…🙏👍🙂😊😀❤️]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Trailing();

    [GeneratedRegex(@"^(hi|hello|hey|hiya|hey there|hi there|hello there|good (morning|afternoon|evening)|hola|ol[áa]|bom dia|yo)( assistant)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Greeting();

    [GeneratedRegex(@"^(thanks|thank you|thank you so much|thanks a lot|many thanks|thx|ty|cheers|obrigad[oa]|great|cool|nice|perfect|awesome|ok|okay|ok thanks|got it|👍|🙏|❤️)$", RegexOptions.CultureInvariant)]
    private static partial Regex Thanks();

    [GeneratedRegex(@"^(more|show more|more please|next|next page|and more|anything else)$", RegexOptions.CultureInvariant)]
    private static partial Regex More();

    [GeneratedRegex(@"^/?(undo|undo that|undo it|oops undo|delete that|delete the last one|remove that)$", RegexOptions.CultureInvariant)]
    private static partial Regex Undo();

    [GeneratedRegex(@"^(yes|y|yep|yeah|yes please|confirm|sure|do it|yes delete it|delete it)$", RegexOptions.CultureInvariant)]
    private static partial Regex Confirm();

    [GeneratedRegex(@"^(no|n|nope|cancel|keep it|don't|dont|never ?mind)$", RegexOptions.CultureInvariant)]
    private static partial Regex Cancel();

    [GeneratedRegex(@"^/?(forget|delete|remove) (#|number |item |no\.? ?)?(?<n>\d{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Forget();

    [GeneratedRegex(@"^(show( me)? )?(that|this) (one|(?<photo>photo|picture|pic|image))$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferToThat();

    [GeneratedRegex(@"^(show( me)? |open |what about )?(the )?(#|number |item |no\.? ?)?(?<n>\d{1,2}|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)( one| (?<photo>photo|picture|pic|image))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferByNumber();

    [GeneratedRegex(@"^(what about|how about|and|and what about) (?<rest>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Shift();

    [GeneratedRegex(@"^the (?<unit>day|week|month|year) before( that)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Before();
}
