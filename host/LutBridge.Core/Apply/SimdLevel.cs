using System.Runtime.Intrinsics.X86;

namespace LutBridge.Core.Apply;

/// <summary>The instruction sets a kernel may use; <see cref="Best"/> is chosen once per process.</summary>
public enum SimdLevel
{
    Scalar,
    /// <summary>AVX2 + FMA: 256-bit vectors and gathers.</summary>
    Avx2,
    /// <summary>AVX2 plus AVX-512 DQ/VL (64-bit multiplies on 256-bit vectors).</summary>
    Avx512,
}

public static class SimdSupport
{
    public static SimdLevel Best { get; } =
        Avx2.IsSupported && Fma.IsSupported
            ? (Avx512DQ.VL.IsSupported && Avx512F.VL.IsSupported ? SimdLevel.Avx512 : SimdLevel.Avx2)
            : SimdLevel.Scalar;

    /// <summary>Levels this machine can run (for tests that compare paths).</summary>
    public static IReadOnlyList<SimdLevel> Available { get; } =
        Enum.GetValues<SimdLevel>().Where(l => l <= Best).ToArray();
}
