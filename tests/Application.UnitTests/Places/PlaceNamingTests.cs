using MemoryAssistant.Application.Places;

namespace MemoryAssistant.Application.UnitTests.Places;

public sealed class PlaceNamingTests
{
    [Theory]
    [InlineData("this is the office", "office")]
    [InlineData("This is home", "home")]
    [InlineData("this is home.", "home")]
    [InlineData("this is home 🏠", "home")]
    [InlineData("this is my gym", "gym")]
    [InlineData("this is work", "work")]
    [InlineData("This is Mom’s house", "mom's house")]
    [InlineData("ok this is the coworking space", "coworking space")]
    [InlineData("this is the building", "building")]
    [InlineData("save this place as the gym", "gym")]
    [InlineData("Save this place as the gym!", "gym")]
    [InlineData("save this location as work please", "work")]
    [InlineData("please save this as home", "home")]
    [InlineData("remember this place as Grandma's", "grandma's")]
    [InlineData("remember this place as the good spot", "good spot")]
    [InlineData("call this place mom's house", "mom's house")]
    [InlineData("call this place \"mom's house\"", "mom's house")]
    [InlineData("name this location work", "work")]
    [InlineData("name this place: the studio", "studio")]
    [InlineData("name this location   Work  ", "work")]
    [InlineData("label this spot the climbing gym", "climbing gym")]
    [InlineData("call it the office", null)]
    [InlineData("save it as the office", "office")]
    [InlineData("save this place as the corner bakery next to the old tram stop", "corner bakery next to the old tram stop")]
    public void TryParse_WhenMessageNamesThePlace_ThenNormalisedName(string message, string? expected)
    {
        PlaceNaming.TryParse(message).Should().Be(expected);
    }

    [Theory]
    [InlineData("this is great")]
    [InlineData("This is amazing")]
    [InlineData("this is so good")]
    [InlineData("this is it")]
    [InlineData("this is it!")]
    [InlineData("this is home!")]
    [InlineData("this is nice")]
    [InlineData("this is fun")]
    [InlineData("this is bad")]
    [InlineData("this is the best")]
    [InlineData("this is the one")]
    [InlineData("this is the spot")]
    [InlineData("this is a great place")]
    [InlineData("this is a cafe")]
    [InlineData("this is where we met")]
    [InlineData("this is not ok")]
    [InlineData("this is my favourite cafe")]
    [InlineData("this is crowded")]
    [InlineData("this is incredible")]
    [InlineData("this is relaxing")]
    [InlineData("this is the best day of my life")]
    [InlineData("this is home?")]
    [InlineData("this is")]
    [InlineData("this is the")]
    [InlineData("call it a day")]
    [InlineData("call it quits")]
    [InlineData("call this place amazing")]
    [InlineData("name this place")]
    [InlineData("remember this place")]
    [InlineData("save this place as the place where we had that lovely dinner in june")]
    [InlineData("save this place as the gym 💪💪 <3")]
    [InlineData("I think this is the office")]
    [InlineData("buy milk")]
    [InlineData("")]
    public void TryParse_WhenMessageDoesNotName_ThenNull(string message)
    {
        PlaceNaming.TryParse(message).Should().BeNull();
    }
}
