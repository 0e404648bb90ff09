namespace ClockBound.Chrony.Tests;

public class ChronyFloatTests
{
    [Theory]
    // The spec's examples.
    [InlineData(0x02000001u, 1, -24)]       // e = 1, c = 1 → 2^-24
    [InlineData(0xFE000001u, 1, -26)]       // e = -1, c = 1 → 2^-26
    [InlineData(0x01FFFFFFu, -1, -25)]      // e = 0, c = -1 → -2^-25
    // Coefficient extremes at e = 0.
    [InlineData(0x00FFFFFFu, 0xFFFFFF, -25)] // largest coefficient 2^24 - 1
    [InlineData(0x01000000u, -0x1000000, -25)] // smallest coefficient -2^24
    // Exponent extremes.
    [InlineData(0x7E000001u, 1, 38)]        // e = 63
    [InlineData(0x80000001u, 1, -89)]       // e = -64
    [InlineData(0x7EFFFFFFu, 0xFFFFFF, 38)] // largest value: (2^24 - 1) × 2^38
    [InlineData(0x7F000000u, -0x1000000, 38)] // most negative value: -2^24 × 2^38
    [InlineData(0x81000000u, -0x1000000, -89)] // e = -64, c = -2^24
    [InlineData(0x81FFFFFFu, -1, -89)]      // smallest negative magnitude
    public void DecodesCoefficientTimesPowerOfTwo(uint raw, int coefficient, int powerOfTwo)
    {
        var value = new ChronyFloat(raw);

        Assert.Equal(coefficient, value.Coefficient);
        Assert.Equal(powerOfTwo, value.PowerOfTwo);
        Assert.Equal(powerOfTwo + 25, value.Exponent);
        Assert.Equal(Math.ScaleB(coefficient, powerOfTwo), value.ToDouble());
    }

    [Fact]
    public void SpecExamplesHaveTheDocumentedValues()
    {
        Assert.Equal(Math.Pow(2, -24), new ChronyFloat(0x02000001).ToDouble());
        Assert.Equal(Math.Pow(2, -26), new ChronyFloat(0xFE000001).ToDouble());
        Assert.Equal(-Math.Pow(2, -25), new ChronyFloat(0x01FFFFFF).ToDouble());
    }

    [Theory]
    [InlineData(0x00000000u)]
    [InlineData(0x7E000000u)] // zero coefficient, any exponent
    [InlineData(0x80000000u)]
    public void ZeroCoefficientIsZero(uint raw)
    {
        Assert.Equal(0.0, new ChronyFloat(raw).ToDouble());
        Assert.Equal(0, new ChronyFloat(raw).Coefficient);
    }

    [Fact]
    public void IsNotAnIEEEFloat()
    {
        // 0x3F800000 is 1.0f in IEEE 754; here e = 31, c = -2^23 → -2^29.
        Assert.Equal(-Math.Pow(2, 29), new ChronyFloat(0x3F800000).ToDouble());
    }

    [Fact]
    public void EveryValueIsExactInADouble()
    {
        // 25-bit coefficients fit a double's 53-bit significand: no rounding anywhere.
        var value = new ChronyFloat(0x00FFFFFF);
        Assert.Equal(16777215.0 / 33554432.0, value.ToDouble());
    }
}
