using System.Runtime.CompilerServices;

namespace LutBridge.Looks;

/// <summary>
/// The camera-transform stage (.look version 6, docs/look.md step 0): the Look's input is a
/// camera's log encoding, and the stage turns it into the display sRGB the rest of the Look
/// works on — per-channel curve to scene linear, a 3×3 matrix (camera gamut → linear Rec. 709),
/// clipping at 0, an optional extended-Reinhard shoulder, clipping at 1, sRGB encoding. As a
/// camera-log LUT does, the stage is defined on a lattice of <see cref="Size"/>³ nodes: the rest
/// of the Look is evaluated at the display colour of each node, and a colour between nodes gets
/// the tetrahedral interpolation of its cell's nodes (<see cref="LookProcessor"/>). So a LUT made
/// of a camera transform and a film look is held as the transform's few numbers plus the film
/// part, which is smooth in display values, and is reproduced between its nodes too.
/// </summary>
public sealed class LookCameraStage
{
    public const int MinSize = 2;
    public const int MaxSize = 65;

    /// <summary>Largest magnitude of a curve value (scene-linear; half-float's largest).</summary>
    public const float MaxLinear = 65504f;

    /// <summary>Largest magnitude of a matrix entry.</summary>
    public const float MaxMatrixEntry = 16f;

    /// <summary>Largest shoulder white and gain.</summary>
    public const float MaxShoulder = 65504f;

    /// <summary>Lattice nodes per axis: the code values i/(Size − 1).</summary>
    public int Size { get; }

    /// <summary>
    /// Scene-linear value of each channel at code value i/(Size − 1): Size values shared by the
    /// three channels, or 3·Size channel-major (channel c, node i at c·Size + i).
    /// </summary>
    public float[] Curves { get; }

    /// <summary>Camera linear → linear Rec. 709, row-major (output row o, input column i at 3o + i).</summary>
    public float[] Matrix { get; }

    /// <summary>The shoulder v ← gain·v(1 + v/white²)/(1 + v) before clipping at 1, or null for a hard clip.</summary>
    public (float White, float Gain)? Shoulder { get; }

    public bool SharedCurve => Curves.Length == Size;

    public LookCameraStage(int size, float[] curves, float[] matrix, (float White, float Gain)? shoulder)
    {
        if (size < MinSize || size > MaxSize) throw new ArgumentOutOfRangeException(nameof(size), size, $"camera stage size must be {MinSize}..{MaxSize}");
        if (curves.Length != size && curves.Length != 3 * size)
            throw new ArgumentException($"a camera stage of size {size} has {size} or {3 * size} curve values, got {curves.Length}", nameof(curves));
        foreach (var v in curves)
            if (!(Math.Abs(v) <= MaxLinear)) throw new ArgumentOutOfRangeException(nameof(curves), $"camera curve value {v} outside ±{MaxLinear}");
        if (matrix.Length != 9) throw new ArgumentException($"a camera matrix has 9 entries, got {matrix.Length}", nameof(matrix));
        foreach (var m in matrix)
            if (!(Math.Abs(m) <= MaxMatrixEntry)) throw new ArgumentOutOfRangeException(nameof(matrix), $"camera matrix entry {m} outside ±{MaxMatrixEntry}");
        if (shoulder is { } s && !(s.White > 0 && s.White <= MaxShoulder && s.Gain > 0 && s.Gain <= MaxShoulder))
            throw new ArgumentOutOfRangeException(nameof(shoulder), $"camera shoulder white {s.White} and gain {s.Gain} must be in (0, {MaxShoulder}]");
        Size = size;
        Curves = curves;
        Matrix = matrix;
        Shoulder = shoulder;
    }

    /// <summary>Channel <paramref name="channel"/>'s scene-linear value at node <paramref name="i"/>.</summary>
    public double Linear(int channel, int i) => Curves[SharedCurve ? i : channel * Size + i];

    /// <summary>The display sRGB colour of node (r, g, b) (indices 0..Size − 1): curves, matrix, clip/shoulder, encoding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double R, double G, double B) Node(int r, int g, int b)
    {
        double lr = Linear(0, r), lg = Linear(1, g), lb = Linear(2, b);
        var m = Matrix;
        return (Display(m[0] * lr + m[1] * lg + m[2] * lb),
                Display(m[3] * lr + m[4] * lg + m[5] * lb),
                Display(m[6] * lr + m[7] * lg + m[8] * lb));
    }

    /// <summary>One linear Rec. 709 channel to display sRGB: clip at 0, shoulder, clip at 1, encode.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Display(double v)
    {
        v = Math.Max(v, 0);
        if (Shoulder is { } s)
        {
            double white = s.White;
            v = s.Gain * (v * (1 + v / (white * white)) / (1 + v));
        }
        return LookColor.Encode(Math.Min(v, 1));
    }
}
