namespace ClockBound.Chrony;

/// <summary>
/// chronyd's 32-bit floating-point wire format: a signed 7-bit exponent <c>e</c> (top bits) and a
/// signed 25-bit coefficient <c>c</c> (low bits); value = c × 2^(e − 25). No hidden bit, no NaN.
/// Every value is an exact dyadic rational, so sums can be computed exactly (see
/// <see cref="Coefficient"/> and <see cref="PowerOfTwo"/>).
/// </summary>
public readonly record struct ChronyFloat(uint Raw)
{
    /// <summary>The signed 25-bit coefficient <c>c</c>.</summary>
    public int Coefficient => (int)(Raw << 7) >> 7;

    /// <summary>The signed exponent field <c>e</c> (−64..63).</summary>
    public int Exponent => (int)Raw >> 25;

    /// <summary>The power of two the coefficient is scaled by: <c>e − 25</c>.</summary>
    public int PowerOfTwo => Exponent - 25;

    /// <summary>The value as a double; exact, since a 25-bit coefficient fits a double's 53 bits.</summary>
    public double ToDouble() => Math.ScaleB(Coefficient, PowerOfTwo);

    /// <inheritdoc />
    public override string ToString() => ToDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
