namespace OmniFunctions.Core.Journeys;

/// <summary>
/// A step whose kind is unknown or whose required members are missing. It is read rather than rejected so the
/// validator lists it with every other error of the definition; a definition holding one never validates, so no
/// run ever meets it.
/// </summary>
internal sealed record UnparsedStep(string? DeclaredKind, IReadOnlyList<string> Missing) : JourneyStep
{
    public override string Kind => DeclaredKind ?? "";

    internal override IEnumerable<string> Successors => [];
}
