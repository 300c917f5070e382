using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Tests.Templates;

/// <summary>A template that references something undefined fails on save, with every error at once and its path.</summary>
public sealed class TemplateValidatorTests
{
    private static MessageTemplate Template(params TemplateVariant[] variants) => new() { Id = "t", DefaultLocale = "en", Variants = variants };

    private static TemplateVariant V(string text, string? channel = null, string locale = "en") => new() { Channel = channel, Locale = locale, Text = text };

    [Theory]
    [InlineData("Hi {{ profile.firstName | default: 'there' }}, {{ conversation.lastMessage.text | truncate: 40 }} {{ journey.step }} {{ now | date: '%Y' }}")]
    [InlineData("{% assign n = profile.name | upcase %}{{ n }} {{ n.size }} {{ profile.name.size }}")]
    [InlineData("{% if conversation.lastOrder %}#{{ conversation.lastOrder.id }} {{ conversation.lastOrder.value }} {{ conversation.lastOrder.currency }}{% endif %}")]
    [InlineData("{% capture who %}{{ profile.name }}{% endcapture %}{{ who }} {{ links.unsubscribe }} {{ links.website }} {{ channel }} {{ locale }}")]
    [InlineData("{% for i in (1..3) %}{{ forloop.index }}{{ i }}{% endfor %} {{ conversation.lastCall.agent }}")]
    public void Validate_KnownPaths_NoErrors(string text) => Assert.Empty(TemplateValidator.Validate(Template(V(text))));

    [Theory]
    [InlineData("Hi {{ person.name }}", "unknown value person")]
    [InlineData("Hi {{ profile.nmae | default: 'there' }}", "unknown value profile.nmae: profile has id, name, firstName")]
    [InlineData("{{ conversation.lastMessage.txt }}", "unknown value conversation.lastMessage.txt")]
    [InlineData("{{ profile.name.first.x }}", "unknown value profile.name.first")]
    [InlineData("{{ profile.name.x }}", "unknown value profile.name.x")]
    [InlineData("{{ profile['name'] }}", "indexers are not available")]
    [InlineData("{{ profile.name | raw }}", "the raw filter would bypass the channel's escaping")]
    [InlineData("{{ profile.name | shout }}", "unknown filter shout")]
    [InlineData("{% include 'x' %}", "include is not available")]
    [InlineData("{% if profile.nam %}x{% endif %}", "unknown value profile.nam")]
    [InlineData("{{ profile.name | default: profile.nickname }}", "unknown value profile.nickname")]
    [InlineData("{{ profile.name ", "")]
    [InlineData("{% if %}", "")]
    public void Validate_UnknownOrBroken_ErrorAtItsPath(string text, string message)
    {
        var error = Assert.Single(TemplateValidator.Validate(Template(V("ok"), V(text, "telegram"))));

        Assert.Equal("variants[1].text", error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryErrorAtOnce()
    {
        var template = new MessageTemplate
        {
            Id = "bad id!",
            DefaultLocale = "english",
            Variants =
            [
                new() { Channel = "fax", Locale = "en", Text = "{{ x }}" },
                new() { Channel = "email", Locale = "en", Text = "ok", Html = "{{ profile.bogus }}" },
                new() { Channel = "telegram", Locale = "de", Text = "{{ profile.name }}", Html = "<b>x</b>" },
                new() { Channel = "telegram", Locale = "DE", Text = "x" },
                new() { Channel = "viber", Locale = "en", Text = "x", ProviderTemplate = new JourneyProviderTemplate("n", "en", ["{{ y }}"]) },
                new() { Channel = "whatsapp", Locale = "en", Text = "x", ProviderTemplate = new JourneyProviderTemplate("n", "en", ["{{ profile.firstName }}", "{{ z }}"]) },
            ],
        };

        var errors = TemplateValidator.Validate(template).Select(e => e.Path).ToList();

        Assert.Equal(
            ["id", "defaultLocale", "variants[0].channel", "variants[1].subject", "variants[2].html", "variants[3]", "variants[4].providerTemplate",
             "variants[0].text", "variants[1].html", "variants[4].providerTemplate.parameters[0]", "variants[5].providerTemplate.parameters[1]"],
            errors);
    }

    [Fact]
    public void Validate_ChannelWithoutDefaultLocaleVariant_IsAnError()
    {
        var errors = TemplateValidator.Validate(Template(V("Hallo", "telegram", "de"), V("x", "whatsapp", "en")));

        Assert.Equal("telegram has no variant in the default locale en, where every fallback chain ends.", Assert.Single(errors).Message);
        Assert.Empty(TemplateValidator.Validate(Template(V("Hallo", "telegram", "de"), V("any"))));
    }

    [Fact]
    public void Validate_NullParameter_IsAnErrorNotACrash()
    {
        var template = Template(V("x"), new TemplateVariant { Channel = "whatsapp", Locale = "en", Text = "x", ProviderTemplate = new JourneyProviderTemplate("n", "en", ["ok", null!]) });

        Assert.Equal(("variants[1].providerTemplate.parameters[1]", "must be a string, not null."), Assert.Single(TemplateValidator.Validate(template)) is var e ? (e.Path, e.Message) : default);
    }

    [Theory]
    [InlineData("<b>Hi</b> <i>{{ profile.name }}</i> <a href=\"https://shop.example/\">shop</a> <tg-spoiler>x</tg-spoiler> <blockquote>q</blockquote>", "")]
    [InlineData("<div>Hi</div>", "Telegram HTML has no <div>")]
    [InlineData("Hi<br>there", "Telegram HTML has no <br>")]
    public void Validate_TelegramVariant_OnlyTagsTelegramAccepts(string text, string message)
    {
        var errors = TemplateValidator.Validate(Template(V(text, "telegram")));

        Assert.Equal(message, string.Join("", errors.Select(e => e.Message.Split(':')[0])));
    }

    [Fact]
    public void Validate_TooLongSource_IsAnError() =>
        Assert.Contains("at most 20000 characters", Assert.Single(TemplateValidator.Validate(Template(V(new string('x', 20_001))))).Message, StringComparison.Ordinal);
}
