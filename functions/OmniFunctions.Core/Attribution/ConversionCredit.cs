namespace OmniFunctions.Core.Attribution;

/// <summary>One touchpoint's share of a conversion under one model, and that share of its value.</summary>
/// <param name="Touchpoint">Index into the conversion's <see cref="ConversionRecord.Touchpoints"/>.</param>
internal sealed record ConversionCredit(int Touchpoint, double Share, decimal Value);
