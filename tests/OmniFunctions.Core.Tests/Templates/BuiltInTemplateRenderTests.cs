using System.Text;
using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Tests.Templates;

/// <summary>
/// The built-in journey's messages for three people, compared exactly with reviewed files under <c>Templates/Expected</c>.
/// A mismatch writes <c>*.actual.txt</c> beside the test binary for review.
/// </summary>
public sealed class BuiltInTemplateRenderTests
{
    // Friday 20 Nov 2026, 10:00 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private static readonly TemplateRenderer Renderer = new();

    public static TheoryData<string, string, string, string> People => new()
    {
        // expected file, template, channel, time zone
        { "de-AT-telegram", BuiltInTemplates.FollowUpChat, "telegram", "Europe/Vienna" },
        { "ru-whatsapp", BuiltInTemplates.FollowUpChat, "whatsapp", "Europe/Moscow" },
        { "en-email", BuiltInTemplates.FollowUpEmail, "email", "Europe/London" },
    };

    [Theory]
    [MemberData(nameof(People))]
    public void BuiltIn_RendersForThreePeople_AsReviewed(string expected, string templateId, string channel, string zone)
    {
        var rendered = TemplateRenderer.Render(Renderer.Get(BuiltInTemplates.Load(templateId)), channel, Person(expected).Profile.Locale, Person(expected), Now,
            TimeZoneInfo.FindSystemTimeZoneById(zone))!;

        var actual = Describe(rendered);
        var file = Path.Combine(AppContext.BaseDirectory, "Templates", "Expected", expected + ".txt");
        if (!File.Exists(file) || File.ReadAllText(file) != actual)
        {
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, expected + ".actual.txt"), actual);
        }

        Assert.Equal(File.ReadAllText(file), actual);
    }

    [Fact]
    public void BuiltInTemplates_AreValid()
    {
        foreach (var id in BuiltInTemplates.Ids)
        {
            Assert.Empty(TemplateValidator.Validate(BuiltInTemplates.Load(id)));
        }
    }

    [Fact]
    public void BuiltIn_WithNothingKnown_StillReadsWell()
    {
        var rendered = TemplateRenderer.Render(Renderer.Get(BuiltInTemplates.Load(BuiltInTemplates.FollowUpChat)), "viber", "ru", new TemplateData(), Now, TimeZoneInfo.Utc)!;

        Assert.Equal("Здравствуйте! Мы ответили на ваш вопрос? Если что-то осталось непонятным, просто ответьте здесь.", rendered.Text);
    }

    private static TemplateData Person(string who) => who switch
    {
        // Lena wrote on Telegram yesterday evening, with characters Telegram's HTML would choke on.
        "de-AT-telegram" => new()
        {
            Profile = new() { Id = "p-lena", Name = "Lena&Co <Gruber>", Locale = "de-AT", TimeZone = "Europe/Vienna", LastChannel = "telegram" },
            Conversation = new() { LastMessage = new("telegram", new DateTimeOffset(2026, 11, 19, 18, 40, 0, TimeSpan.Zero)) { Text = "Wann kommt meine Bestellung 1042? Bitte <schnell> & zuverlässig" } },
            Journey = new("chat-email-callback", 1, "chat", "chat-email-callback~p-lena~1"),
        },
        // Ivan last wrote on WhatsApp three days ago: outside the 24-hour window, so the approved template goes.
        "ru-whatsapp" => new()
        {
            Profile = new() { Id = "p-ivan", Name = "Иван Петров", Locale = "ru", TimeZone = "Europe/Moscow", LastChannel = "whatsapp" },
            Conversation = new() { LastMessage = new("whatsapp", new DateTimeOffset(2026, 11, 17, 9, 15, 0, TimeSpan.Zero)) { Text = "Где мой заказ 1042?\nОн должен был прийти в понедельник." } },
            Journey = new("chat-email-callback", 1, "chat", "chat-email-callback~p-ivan~1"),
        },
        // James asked in the site chat three days ago about an order he placed.
        "en-email" => new()
        {
            Profile = new() { Id = "p-james", Name = "James O'Brien", Locale = "en-GB", TimeZone = "Europe/London", LastChannel = "sitechat" },
            Conversation = new()
            {
                LastMessage = new("sitechat", new DateTimeOffset(2026, 11, 17, 16, 5, 0, TimeSpan.Zero)) { Text = "Can I return the blue jacket? It's \"too small\" & <the wrong colour>" },
                LastOrder = new("1042", 129.90m, "EUR", new DateTimeOffset(2026, 11, 12, 10, 0, 0, TimeSpan.Zero)),
            },
            Journey = new("chat-email-callback", 1, "email", "chat-email-callback~p-james~1"),
            Links = new() { Website = new Uri("https://shop.example/"), Unsubscribe = new Uri("https://hub.example.com/api/unsubscribe/v1.amFtZXNAc2hvcC5leGFtcGxl.sig") },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    private static string Describe(RenderedMessage rendered)
    {
        var text = new StringBuilder()
            .Append("template: ").Append(rendered.TemplateId).Append(" v").Append(rendered.TemplateVersion).Append('\n')
            .Append("channel: ").Append(rendered.Channel).Append('\n')
            .Append("locale: ").Append(rendered.Locale).Append(" → ").Append(rendered.ResolvedLocale).Append('\n')
            .Append("parseMode: ").Append(rendered.ParseMode ?? "plain").Append('\n')
            .Append("fellBack: ").Append(rendered.FellBack.Count == 0 ? "nothing" : string.Join("; ", rendered.FellBack)).Append('\n');
        if (rendered.ProviderTemplate is { } provider)
        {
            text.Append("providerTemplate: ").Append(provider.Name).Append(" (").Append(provider.Language).Append(")\n");
            for (var i = 0; i < provider.Parameters.Count; i++)
            {
                text.Append("  {{").Append(i + 1).Append("}} ").Append(provider.Parameters[i]).Append('\n');
            }
        }

        if (rendered.Subject is not null)
        {
            text.Append("subject: ").Append(rendered.Subject).Append('\n');
        }

        text.Append("--- text\n").Append(rendered.Text).Append('\n');
        if (rendered.Html is not null)
        {
            text.Append("--- html\n").Append(rendered.Html).Append('\n');
        }

        return text.ToString();
    }
}
