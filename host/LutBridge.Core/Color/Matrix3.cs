using System.Numerics;

namespace LutBridge.Core.Color;

/// <summary>
/// A 3×3 matrix in double precision, row-major, acting on column vectors (y = M·x).
/// Colour-space constants are declared once as published; their inverses are computed
/// with <see cref="Inverse"/> so the pair always agrees to double precision.
/// </summary>
public readonly record struct Matrix3(
    double M11, double M12, double M13,
    double M21, double M22, double M23,
    double M31, double M32, double M33)
{
    public static Matrix3 Identity { get; } = new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    public static Matrix3 Diagonal(double a, double b, double c) => new(a, 0, 0, 0, b, 0, 0, 0, c);

    /// <summary>The matrix whose columns are the given vectors.</summary>
    public static Matrix3 FromColumns((double X, double Y, double Z) c1, (double X, double Y, double Z) c2, (double X, double Y, double Z) c3) =>
        new(c1.X, c2.X, c3.X, c1.Y, c2.Y, c3.Y, c1.Z, c2.Z, c3.Z);

    public double Determinant =>
        M11 * (M22 * M33 - M23 * M32) - M12 * (M21 * M33 - M23 * M31) + M13 * (M21 * M32 - M22 * M31);

    /// <summary>The inverse by the adjugate; throws for a singular matrix.</summary>
    public Matrix3 Inverse()
    {
        double det = Determinant;
        if (det == 0 || !double.IsFinite(det))
            throw new InvalidOperationException("matrix is singular");
        double k = 1.0 / det;
        return new(
            (M22 * M33 - M23 * M32) * k, (M13 * M32 - M12 * M33) * k, (M12 * M23 - M13 * M22) * k,
            (M23 * M31 - M21 * M33) * k, (M11 * M33 - M13 * M31) * k, (M13 * M21 - M11 * M23) * k,
            (M21 * M32 - M22 * M31) * k, (M12 * M31 - M11 * M32) * k, (M11 * M22 - M12 * M21) * k);
    }

    public static Matrix3 operator *(Matrix3 a, Matrix3 b) => new(
        a.M11 * b.M11 + a.M12 * b.M21 + a.M13 * b.M31, a.M11 * b.M12 + a.M12 * b.M22 + a.M13 * b.M32, a.M11 * b.M13 + a.M12 * b.M23 + a.M13 * b.M33,
        a.M21 * b.M11 + a.M22 * b.M21 + a.M23 * b.M31, a.M21 * b.M12 + a.M22 * b.M22 + a.M23 * b.M32, a.M21 * b.M13 + a.M22 * b.M23 + a.M23 * b.M33,
        a.M31 * b.M11 + a.M32 * b.M21 + a.M33 * b.M31, a.M31 * b.M12 + a.M32 * b.M22 + a.M33 * b.M32, a.M31 * b.M13 + a.M32 * b.M23 + a.M33 * b.M33);

    /// <summary>M·v in double precision, rounded to float at the end.</summary>
    public Vector3 Transform(Vector3 v) => new(
        (float)(M11 * v.X + M12 * v.Y + M13 * v.Z),
        (float)(M21 * v.X + M22 * v.Y + M23 * v.Z),
        (float)(M31 * v.X + M32 * v.Y + M33 * v.Z));

    public (double X, double Y, double Z) Transform(double x, double y, double z) => (
        M11 * x + M12 * y + M13 * z,
        M21 * x + M22 * y + M23 * z,
        M31 * x + M32 * y + M33 * z);

    /// <summary>The nine entries as floats, row-major (for batch kernels).</summary>
    public float[] ToFloatArray() =>
        [(float)M11, (float)M12, (float)M13, (float)M21, (float)M22, (float)M23, (float)M31, (float)M32, (float)M33];
}
