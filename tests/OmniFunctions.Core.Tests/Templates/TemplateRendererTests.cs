using System.Globalization;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Tests.Templates;

/// <summary>Fallback chain, missing values, escaping per channel with hostile input, limits cut at grapheme boundaries.</summary>
public sealed class TemplateRendererTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static CompiledTemplate Compile(string defaultLocale, params TemplateVariant[] variants)
    {
        var (compiled, errors) = TemplateRenderer.Compile(new MessageTemplate { Id = "t", Version = 1, DefaultLocale = defaultLocale, Variants = variants });
        Assert.Empty(errors);
        return compiled!;
    }

    private static TemplateVariant V(string? channel, string locale, string text, string? subject = null, string? html = null) =>
        new() { Channel = channel, Locale = locale, Text = text, Subject = subject, Html = html };

    private static TemplateData Named(string? name) => new() { Profile = new() { Name = name } };

    private static RenderedMessage Render(CompiledTemplate compiled, string channel, string? locale, TemplateData? data = null) =>
        TemplateRenderer.Render(compiled, channel, locale, data ?? Named("Anna"), Now, Berlin) ?? throw new InvalidOperationException("no variant");

    private static readonly CompiledTemplate Chain = Compile("en",
        V(null, "en", "en-any"),
        V("telegram", "en", "en-telegram"),
        V("telegram", "de", "de-telegram"),
        V("telegram", "de-AT", "de-AT-telegram"),
        V(null, "de", "de-any"),
        V("email", "en", "en-email", subject: "s"));

    [Theory]
    [InlineData("telegram", "de-AT", "de-AT-telegram", "de-AT", "")]
    [InlineData("telegram", "de-CH", "de-telegram", "de", "locale: de-CH → de")]
    [InlineData("telegram", "de_CH", "de-telegram", "de", "locale: de_CH → de")]
    [InlineData("whatsapp", "de-AT", "de-any", "de", "locale: de-AT → de|channel: whatsapp → any")]
    [InlineData("telegram", "ru", "en-telegram", "en", "locale: ru → en")]
    [InlineData("viber", "fr-CA", "en-any", "en", "locale: fr-CA → en|channel: viber → any")]
    [InlineData("email", "DE-at", "en-email", "en", "locale: DE-at → en")]
    [InlineData("telegram", null, "en-telegram", "en", "")]
    public void Render_FallbackChain_PicksMostSpecificAndSaysWhatFellBack(string channel, string? locale, string text, string resolved, string fellBack)
    {
        var rendered = Render(Chain, channel, locale);

        Assert.Equal(text, rendered.Text);
        Assert.Equal(resolved, rendered.ResolvedLocale);
        Assert.Equal(fellBack, string.Join("|", rendered.FellBack));
    }

    [Fact]
    public void Render_NoVariantForTheChannel_IsNull()
    {
        var emailOnly = Compile("en", V("email", "en", "x", subject: "s"));

        Assert.Null(TemplateRenderer.Render(emailOnly, "telegram", "en", Named("A"), Now, Berlin));
        Assert.Null(TemplateRenderer.Render(emailOnly, "nochannel", "en", Named("A"), Now, Berlin));
    }

    [Theory]
    [InlineData(null, "Hallo du!", "value: profile.firstName")]
    [InlineData("", "Hallo du!", "value: profile.firstName")]
    [InlineData("Anna Maria Schmidt", "Hallo Anna!", "")]
    public void Render_MissingValues_UseTheTemplatesDefault(string? name, string text, string fellBack)
    {
        var rendered = Render(Compile("de", V("telegram", "de", "Hallo {{ profile.firstName | default: 'du' }}!")), "telegram", "de", Named(name));

        Assert.Equal(text, rendered.Text);
        Assert.Equal(fellBack, string.Join("|", rendered.FellBack));
    }

    [Fact]
    public void Render_LastConversation_DaysAgoInThePersonsZone()
    {
        // 23:30 UTC on the 18th is 00:30 on the 19th in Berlin: yesterday there, two days ago in UTC.
        var data = new TemplateData
        {
            Conversation = new() { LastMessage = new("telegram", new DateTimeOffset(2026, 11, 18, 23, 30, 0, TimeSpan.Zero)) { Text = "Wo ist meine Bestellung 1042?" } },
        };
        var compiled = Compile("de", V(null, "de",
            "{% if conversation.lastMessage.daysAgo == 1 %}gestern{% else %}vor {{ conversation.lastMessage.daysAgo }} Tagen{% endif %} auf {{ conversation.lastMessage.channel | capitalize }}: {{ conversation.lastMessage.text }} ({{ conversation.lastMessage.at | date: '%H:%M' }})"));

        Assert.Equal("gestern auf Telegram: Wo ist meine Bestellung 1042? (00:30)", Render(compiled, "telegram", "de", data).Text);
    }

    public static TheoryData<string, string, string> Hostile => new()
    {
        // name, telegram (HTML parse mode), plain channels (as typed)
        { "<b>", "Hi &lt;b&gt;!", "Hi <b>!" },
        { "*_[", "Hi *_[!", "Hi *_[!" },
        { "</b><a href=\"https://evil.example\">x</a>", "Hi &lt;/b&gt;&lt;a href=&quot;https://evil.example&quot;&gt;x&lt;/a&gt;!", "Hi </b><a href=\"https://evil.example\">x</a>!" },
        { "&amp; &lt;", "Hi &amp;amp; &amp;lt;!", "Hi &amp; &lt;!" },
        { "{{ links.unsubscribe }}", "Hi {{ links.unsubscribe }}!", "Hi {{ links.unsubscribe }}!" },
        { "👩‍👩‍👧 Zoë", "Hi 👩‍👩‍👧 Zoë!", "Hi 👩‍👩‍👧 Zoë!" },
        { "مريم", "Hi مريم!", "Hi مريم!" },
        { "\u202Eevil", "Hi evil!", "Hi evil!" },
        { "a\u2067b\u202Ac", "Hi abc!", "Hi abc!" },
        { "\u05D3\u05E0\u05D4 (Dana)", "Hi \u05D3\u05E0\u05D4 (Dana)!", "Hi \u05D3\u05E0\u05D4 (Dana)!" },
        { "Аня", "Hi Аня!", "Hi Аня!" },
        { "O'Brien' onclick='x", "Hi O&#39;Brien&#39; onclick=&#39;x!", "Hi O'Brien' onclick='x!" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Render_HostileNames_EscapedForEachChannel(string name, string telegram, string plain)
    {
        var compiled = Compile("en", V("telegram", "en", "<b>Hi</b> {{ profile.name }}!"), V(null, "en", "Hi {{ profile.name }}!"));
        var telegramText = Render(compiled, "telegram", "en", Named(name));

        Assert.Equal("<b>Hi</b> " + telegram[3..], telegramText.Text);
        Assert.Equal("HTML", telegramText.ParseMode);
        foreach (var channel in new[] { "whatsapp", "viber", "sitechat", "callcenter" })
        {
            var rendered = Render(compiled, channel, "en", Named(name));
            Assert.Equal(plain, rendered.Text);
            Assert.Null(rendered.ParseMode);
        }
    }

    [Theory]
    [InlineData("<script>alert(1)</script>Anna", "<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;Anna</p>")]
    [InlineData("\" onmouseover=\"alert(1)", "<p>Hi \" onmouseover=\"alert(1)</p>")]
    [InlineData("Аня 👋", "<p>Hi Аня 👋</p>")]
    public void Render_EmailHtml_ValuesEncodedAndSanitised(string name, string html)
    {
        var compiled = Compile("en", V("email", "en", "Hi {{ profile.name }}", subject: "For {{ profile.name }}", html: "<p>Hi {{ profile.name }}</p>"));

        var rendered = Render(compiled, "email", "en", Named(name));

        Assert.Equal(html, rendered.Html);
        Assert.Equal("Hi " + name, rendered.Text);
    }

    [Fact]
    public void Render_EmailHtml_TemplateMarkupSanitised()
    {
        var compiled = Compile("en", V("email", "en", "x", subject: "s",
            html: "<p onclick=\"steal()\">Hi</p><script>steal()</script><a href=\"javascript:steal()\">a</a><a href=\"{{ links.unsubscribe }}\">Unsubscribe</a>"));

        var rendered = Render(compiled, "email", "en", new TemplateData { Links = new() { Unsubscribe = new Uri("https://hub.example/api/unsubscribe/v1.a.b?x=1&y=2") } });

        Assert.Equal("<p>Hi</p><a>a</a><a href=\"https://hub.example/api/unsubscribe/v1.a.b?x=1&amp;y=2\">Unsubscribe</a>", rendered.Html);
    }

    [Theory]
    [InlineData("Anna\r\nBcc: victim@example.com", "For Anna Bcc: victim@example.com")]
    [InlineData("Anna\t\t\t\t\t\tSchmidt", "For Anna Schmidt")]
    public void Render_SubjectAndProviderParameters_OnOneLine(string name, string expected)
    {
        var compiled = Compile("en",
            V("email", "en", "x", subject: "For {{ profile.name }}"),
            V("whatsapp", "en", "x") with { ProviderTemplate = new JourneyProviderTemplate("omni_follow_up", "en", ["For {{ profile.name }}"]) });

        Assert.Equal(expected, Render(compiled, "email", "en", Named(name)).Subject);
        Assert.Equal(expected, Assert.Single(Render(compiled, "whatsapp", "en", Named(name)).ProviderTemplate!.Parameters));
    }

    public static TheoryData<string, string, int> Long => new()
    {
        // channel, repeated unit, limit
        { "telegram", "👨‍👩‍👧‍👦", 4096 },
        { "telegram", "é", 4096 },
        { "whatsapp", "👨‍👩‍👧‍👦", 4096 },
        { "whatsapp", "e\u0301\u0302", 4096 },
        { "viber", "שָׁלוֹם ", 7000 },
        { "sitechat", "Привет, ", 4096 },
        { "whatsapp", "🇩🇪", 4096 },
        { "telegram", "<&>", 4096 },
    };

    [Theory]
    [MemberData(nameof(Long))]
    public void Render_OverTheLimit_CutAtAGraphemeBoundaryWithinTheLimit(string channel, string unit, int limit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, (limit / unit.Length) + 50));
        var compiled = Compile("en", V(null, "en", "{{ conversation.lastMessage.text }}"));
        var data = new TemplateData { Conversation = new() { LastMessage = new("telegram", Now) { Text = text } } };

        var rendered = Render(compiled, channel, "en", data);

        var visible = channel == "telegram" ? System.Net.WebUtility.HtmlDecode(rendered.Text) : rendered.Text;
        Assert.True(visible.Length <= limit, $"{visible.Length} > {limit}");
        Assert.True(visible.Length >= limit - unit.Length - 1, $"cut too much: {visible.Length}");
        Assert.EndsWith("…", visible, StringComparison.Ordinal);
        var kept = visible[..^1];
        Assert.StartsWith(kept, text, StringComparison.Ordinal);
        // Whole graphemes only: the kept part has exactly the text elements of the original's prefix.
        var original = StringInfo.ParseCombiningCharacters(text).TakeWhile(i => i < kept.Length).Count();
        Assert.Equal(original, new StringInfo(kept).LengthInTextElements);
        Assert.Equal(kept.Length, StringInfo.ParseCombiningCharacters(text).First(i => i >= kept.Length));
        Assert.Contains($"text: cut to {limit} characters", rendered.FellBack);
    }

    [Fact]
    public void CutMarkup_ClosesOpenTagsAndNeverCutsATagOrEntity()
    {
        var html = "<b>" + new string('x', 10) + "&amp;" + new string('y', 10) + "</b><i>tail</i>";

        Assert.Equal("<b>xxxxxxxxxx&amp;yyyy…</b>", TextCut.CutMarkup(html, 16, out var cut));
        Assert.True(cut);
        Assert.Equal("<b>xxxxxxxxxx…</b>", TextCut.CutMarkup(html, 11, out _));
        Assert.Equal(html, TextCut.CutMarkup(html, 25, out cut));
        Assert.False(cut);
    }

    [Fact]
    public void Render_AtTheLimitExactly_NotCut()
    {
        var text = new string('я', 4096);
        var rendered = Render(Compile("en", V("whatsapp", "en", "{{ conversation.lastMessage.text }}")), "whatsapp", "en",
            new TemplateData { Conversation = new() { LastMessage = new("whatsapp", Now) { Text = text } } });

        Assert.Equal(text, rendered.Text);
        Assert.Empty(rendered.FellBack);
    }

    [Fact]
    public void LocaleChain_EndsWithTheDefaultAndItsParents()
    {
        Assert.Equal(["de-AT-x1", "de-AT", "de", "en-GB", "en"], TemplateRenderer.LocaleChain("de-AT-x1", "en-GB"));
        Assert.Equal(["en"], TemplateRenderer.LocaleChain(null, "en"));
        Assert.Equal(["EN"], TemplateRenderer.LocaleChain("EN", "en"));
    }
}
