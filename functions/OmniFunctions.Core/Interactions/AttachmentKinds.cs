namespace OmniFunctions.Core.Interactions;

internal static class AttachmentKinds
{
    public const string Image = "image";
    public const string Video = "video";
    public const string Audio = "audio";
    public const string Voice = "voice";
    public const string Document = "document";
    public const string Sticker = "sticker";
    public const string Location = "location";
    public const string Contact = "contact";

    /// <summary>RFC 5870 geo URI, so a location is one attachment like any other.</summary>
    public static Attachment GeoLocation(double latitude, double longitude) =>
        new(Location) { Url = FormattableString.Invariant($"geo:{latitude},{longitude}") };
}
