using MemoryAssistant.Application.Conversations;

namespace MemoryAssistant.Application.UnitTests.Conversations;

public sealed class MessageClassifierTests
{
    [Theory]
    // Notes to remember
    [InlineData("Pasta carbonara tonight, get pancetta", MessageIntent.Remember)]
    [InlineData("photos from Lisbon", MessageIntent.Recall)]
    [InlineData("notes near the office", MessageIntent.Recall)]
    [InlineData("voice notes from last week", MessageIntent.Recall)]
    [InlineData("photos from the wedding are on the shared drive", MessageIntent.Remember)]
    [InlineData("photos printed", MessageIntent.Remember)]
    [InlineData("Dentist on Friday at 3pm", MessageIntent.Remember)]
    [InlineData("Do the laundry on Sunday", MessageIntent.Remember)]
    [InlineData("do the laundry on sunday", MessageIntent.Remember)]
    [InlineData("Do my taxes by April 30", MessageIntent.Remember)]
    [InlineData("Have the car serviced before the road trip", MessageIntent.Remember)]
    [InlineData("Don't forget to water the plants", MessageIntent.Remember)]
    [InlineData("remind me to buy milk", MessageIntent.Remember)]
    [InlineData("Remind me to call mom tomorrow", MessageIntent.Remember)]
    [InlineData("Please remind me to call the plumber at 9", MessageIntent.Remember)]
    [InlineData("Can you remind me to renew my passport?", MessageIntent.Remember)]
    [InlineData("Wifi password is Blue-Heron-42", MessageIntent.Remember)]
    [InlineData("Parked on level 3, spot 42", MessageIntent.Remember)]
    [InlineData("Haircut went well, shorter on the sides 💇", MessageIntent.Remember)]
    [InlineData("Mom's birthday is June 12", MessageIntent.Remember)]
    [InlineData("Isabel's flight lands at 6:40pm", MessageIntent.Remember)]
    [InlineData("Whatsapp group for the school trip is Year 5 parents", MessageIntent.Remember)]
    [InlineData("Was a great day at the beach", MessageIntent.Remember)]
    [InlineData("Anyway the meeting moved to Thursday", MessageIntent.Remember)]
    [InlineData("List: eggs, milk, bread", MessageIntent.Remember)]
    [InlineData("listen to the new Radiohead album", MessageIntent.Remember)]
    [InlineData("help the kids with homework at 6", MessageIntent.Remember)]
    [InlineData("Helpful tip: soak the beans overnight", MessageIntent.Remember)]
    [InlineData("/home/me/notes.txt has the backup", MessageIntent.Remember)]
    [InlineData("Note: what a day", MessageIntent.Remember)]
    [InlineData("remember: where did I park? level 3, spot 42", MessageIntent.Remember)]
    [InlineData("👍", MessageIntent.Remember)]
    [InlineData("🎉🎉🎉", MessageIntent.Remember)]
    // Questions about what was remembered
    [InlineData("What did I plan for dinner?", MessageIntent.Recall)]
    [InlineData("Show me my hairstyle update from last week", MessageIntent.Recall)]
    [InlineData("when is the dentist", MessageIntent.Recall)]
    [InlineData("what groceries do I need", MessageIntent.Recall)]
    [InlineData("Remind me what the wifi password is", MessageIntent.Recall)]
    [InlineData("remind me when the dentist is", MessageIntent.Recall)]
    [InlineData("did I pay the rent", MessageIntent.Recall)]
    [InlineData("Didn't I save the gate code somewhere", MessageIntent.Recall)]
    [InlineData("Do I have anything on Friday", MessageIntent.Recall)]
    [InlineData("Does the car need an oil change", MessageIntent.Recall)]
    [InlineData("Is the dentist on Friday", MessageIntent.Recall)]
    [InlineData("Are there any notes about the car", MessageIntent.Recall)]
    [InlineData("Was it Tuesday or Wednesday the plumber came", MessageIntent.Recall)]
    [InlineData("Have we got eggs", MessageIntent.Recall)]
    [InlineData("Has the package arrived", MessageIntent.Recall)]
    [InlineData("Where did I park", MessageIntent.Recall)]
    [InlineData("What's the wifi password", MessageIntent.Recall)]
    [InlineData("whats the wifi password", MessageIntent.Recall)]
    [InlineData("Who recommended that sushi place", MessageIntent.Recall)]
    [InlineData("Which day is bin collection", MessageIntent.Recall)]
    [InlineData("How much did the plumber charge", MessageIntent.Recall)]
    [InlineData("Why did I write down 4312", MessageIntent.Recall)]
    [InlineData("find the passport number", MessageIntent.Recall)]
    [InlineData("Search dentist", MessageIntent.Recall)]
    [InlineData("look up the wifi password", MessageIntent.Recall)]
    [InlineData("tell me my locker code", MessageIntent.Recall)]
    [InlineData("list my notes about the car", MessageIntent.Recall)]
    [InlineData("List all reminders", MessageIntent.Recall)]
    [InlineData("any notes about the dentist", MessageIntent.Recall)]
    [InlineData("Anything about Lisbon", MessageIntent.Recall)]
    [InlineData("give me the grocery list", MessageIntent.Recall)]
    [InlineData("Could you show me last week's notes", MessageIntent.Recall)]
    [InlineData("Dentist on Friday?", MessageIntent.Recall)]
    [InlineData("Where are my keys?? 😅", MessageIntent.Recall)]
    // Commands
    [InlineData("/list", MessageIntent.Command)]
    [InlineData("/LIST 3", MessageIntent.Command)]
    [InlineData("/help", MessageIntent.Command)]
    [InlineData("/tz Europe/Lisbon", MessageIntent.Command)]
    [InlineData("/tz", MessageIntent.Command)]
    [InlineData("/frobnicate now", MessageIntent.Command)]
    [InlineData("help", MessageIntent.Command)]
    [InlineData("Help!", MessageIntent.Command)]
    [InlineData("list", MessageIntent.Command)]
    [InlineData("list 10", MessageIntent.Command)]
    [InlineData("?", MessageIntent.Command)]
    public void Classify_WhenRealisticMessage_ThenIntentMatches(string body, MessageIntent expected)
    {
        MessageClassifier.Classify(body).Intent.Should().Be(expected);
    }

    [Theory]
    [InlineData("/list", "list", null)]
    [InlineData("/list 5", "list", "5")]
    [InlineData("/LIST 3", "list", "3")]
    [InlineData("/help", "help", null)]
    [InlineData("/tz Europe/Lisbon", "tz", "Europe/Lisbon")]
    [InlineData("  /Tz   America/New_York  ", "tz", "America/New_York")]
    [InlineData("/tz", "tz", null)]
    [InlineData("/frobnicate now please", "frobnicate", "now please")]
    [InlineData("help", "help", null)]
    [InlineData("HELP", "help", null)]
    [InlineData("list", "list", null)]
    [InlineData("List 10", "list", "10")]
    [InlineData("?", "help", null)]
    public void Classify_WhenCommand_ThenNameIsLowerCaseAndArgumentTrimmed(string body, string command, string? argument)
    {
        var result = MessageClassifier.Classify(body);

        result.Intent.Should().Be(MessageIntent.Command);
        result.Command.Should().Be(command);
        result.Argument.Should().Be(argument);
    }

    [Theory]
    [InlineData("Note: what a day", "what a day")]
    [InlineData("NOTE:/list is my favourite command", "/list is my favourite command")]
    [InlineData("remember:  gate code 4312 ", "gate code 4312")]
    [InlineData("Save: help", "help")]
    public void Classify_WhenForcedNotePrefix_ThenRemembersTextWithoutPrefix(string body, string expectedText)
    {
        MessageClassifier.Classify(body).Should().Be(new ClassifiedMessage(MessageIntent.Remember, expectedText));
    }

    [Theory]
    [InlineData("  Dentist on Friday at 3pm \n", MessageIntent.Remember, "Dentist on Friday at 3pm")]
    [InlineData("\tWhen is the dentist?  ", MessageIntent.Recall, "When is the dentist?")]
    public void Classify_WhenSurroundedByWhitespace_ThenTextIsTrimmed(string body, MessageIntent intent, string expectedText)
    {
        MessageClassifier.Classify(body).Should().Be(new ClassifiedMessage(intent, expectedText));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    public void Classify_WhenEmpty_ThenRemembersEmptyTextForCallerToIgnore(string body)
    {
        MessageClassifier.Classify(body).Should().Be(new ClassifiedMessage(MessageIntent.Remember, string.Empty));
    }

    [Fact]
    public void Classify_WhenNotCommandOrNote_ThenCommandAndArgumentAreNull()
    {
        var result = MessageClassifier.Classify("what groceries do I need");

        result.Command.Should().BeNull();
        result.Argument.Should().BeNull();
        result.Text.Should().Be("what groceries do I need");
    }
}
