namespace OmniFunctions.Core;

/// <summary>
/// An options class that names the configuration section it is bound from, so every section is bound one way,
/// by <see cref="OmniCoreServiceCollectionExtensions.AddOmniOptions{TOptions, TValidator}"/>, and no section name is
/// passed around as a string. Each class also keeps the name as a <c>const</c> for messages and attributes.
/// </summary>
public interface IOmniOptions
{
    /// <summary>The section, e.g. <c>Outbound</c> or <c>Channels:SiteChat</c> (<c>Channels__SiteChat__…</c> in app settings).</summary>
    static abstract string SectionName { get; }
}
