using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using LutBridge.Core.Luts;
using LutBridge.Looks;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;

namespace LutBridge.Looks.Tests;

/// <summary>
/// The shared Look test vectors in tests/vectors/look/ (format: its README.md): Looks made
/// from known parameter sets and from real creative LUTs, their .look bytes, the C# bake
/// and point evaluations, invalid .look files both decoders must reject, and the parameter
/// table. The C library's ctest reads the same files (plugin-c/look/tests/).
/// </summary>
internal static class LookVectorSet
{
    public static string Folder => TestEnvironment.RepoFile("tests", "vectors", "look");

    public sealed record Vector(string Name, Look Look, int LatticeSize, string Source);

    public sealed record Invalid(string Name, byte[] Bytes, string Kind, string Why);

    /// <summary>Real LUTs whose exact residual Looks are vectors (lattice 13³ each).</summary>
    public static readonly string[] RealLuts =
    [
        "colorslide__fuji_velvia_100_generic.cube",
        "bw__ilford_delta_3200.cube",
        "negative_new__kodak_portra_800.cube",
    ];

    /// <summary>
    /// Real LUTs whose Looks fitted by the decomposer are vectors. The fit runs only when the
    /// vectors are rewritten (Engines.Tests' LookVectorFitTests, LUTBRIDGE_WRITE_LOOK_VECTORS=1);
    /// otherwise the committed .look bytes are the input, so a fitter change on another CPU never
    /// moves them (and the Look's tests need no engine).
    /// </summary>
    public static readonly string[] FittedLuts =
    [
        "colorslide__kodak_kodachrome_64.cube",
        "negative_new__fuji_400h.cube",
        "instant_pro__polaroid_690_warm_+.cube",
    ];

    /// <summary>
    /// .look files older writers made (committed, never rewritten) that both decoders must still
    /// read: version 2 (red-axis residual deltas) and version 3 (trilinear anchored residuals).
    /// </summary>
    public static readonly (string Name, int Version)[] OlderVersionFiles =
    [
        ("v2_fit_fuji_400h", 2), ("v2_fit_kodak_kodachrome_64", 2),
        ("v3_fit_fuji_400h", 3), ("v3_fit_kodak_kodachrome_64", 3), ("v3_fit_polaroid_690_warm_p", 3),
    ];

    public static bool Writing => Environment.GetEnvironmentVariable("LUTBRIDGE_WRITE_LOOK_VECTORS") == "1";

    /// <summary>Replaces the vector folder's files with <paramref name="files"/> (the invalid ones wholly: a dropped vector leaves no file).</summary>
    public static void Write(IReadOnlyDictionary<string, byte[]> files)
    {
        if (Directory.Exists(Path.Combine(Folder, "invalid")))
            Directory.Delete(Path.Combine(Folder, "invalid"), recursive: true);
        foreach (var (name, bytes) in files)
        {
            var path = Path.Combine(Folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    public static string FittedName(string file) => "fit_" + Path.GetFileNameWithoutExtension(file).Split("__")[1].Replace('+', 'p').Replace('-', '_');

    /// <summary>The committed fitted Look of <paramref name="file"/>, or a fresh fit by <paramref name="fit"/> when given.</summary>
    private static byte[] FittedBytes(string file, Func<Lut, string, Look>? fit)
    {
        if (fit != null)
            return LookCodec.Encode(fit(LutFile.Read(TestEnvironment.SharedFile("luts", "creative", file)), file));
        var path = Path.Combine(Folder, FittedName(file) + ".look");
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: run tests/vectors/look/regenerate.sh");
        return File.ReadAllBytes(path);
    }

    public static IReadOnlyList<Vector> Vectors()
    {
        var all = LookParameters.All;
        var list = new List<Vector>
        {
            new("neutral", Look.Neutral, 2, "every slider neutral (the identity)"),
            new("light", Look.Neutral.With("exposure", 0.7).With("contrast", 0.35).With("pivot", 0.42)
                .With("shadows", 0.4).With("highlights", -0.55).With("black", 0.05).With("white", 0.93)
                .With("curve1", 0.04).With("curve2", -0.03).With("curve3", 0.02).With("curve4", 0.06).With("curve5", -0.05),
                9, "the light group"),
            new("colour", Look.Neutral.With("temperature", 0.6).With("tint", -0.3).With("saturation", 0.25)
                .With("vibrance", 0.8).With("saturation_shadows", -0.4).With("saturation_highlights", 0.3)
                .With("split_shadow_hue", 215).With("split_shadow_amount", 0.35).With("split_highlight_hue", 55)
                .With("split_highlight_amount", 0.25).With("split_balance", -0.3),
                9, "the colour group, split toning"),
            new("bands", Bands(), 9, "every per-hue band"),
            new("extreme_min", Look.Neutral.WithValues(all.Select(p => p.Name == "strength" ? 1.0 : p.Min).ToArray()),
                9, "every slider at its minimum (strength 1)"),
            new("extreme_max", Look.Neutral.WithValues(all.Select(p => p.Max).ToArray()), 9, "every slider at its maximum"),
        };
        for (int seed = 1; seed <= 3; seed++)
            list.Add(new($"random{seed}", RandomLook(seed), 9, $"seeded random sliders (seed {seed}), half of them moved"));
        list.Add(new("shaper_residual", RandomLook(4).WithShaper(Shaper()).WithResidual(SmoothResidual(9)).WithTitle("shaper + residual ✓"),
            9, "random sliders, 17-knot shaper, 9³ residual, a UTF-8 title"));
        foreach (var file in RealLuts)
        {
            var lut = LutFile.Read(TestEnvironment.SharedFile("luts", "creative", file));
            var name = "lut_" + Path.GetFileNameWithoutExtension(file).Split("__")[1];
            // One bake between the residual's nodes (17 over 13); the points cover the rest.
            list.Add(new(name, Look.Neutral.WithResidual(ResidualOf(lut.Lattice!)).WithTitle(file), file == RealLuts[0] ? 17 : 9,
                $"shared/data/luts/creative/{file} as an exact residual Look"));
        }
        var velvia = LutFile.Read(TestEnvironment.SharedFile("luts", "creative", RealLuts[0]));
        list.Add(new("lut_velvia_strength", RandomLook(5).With("strength", 0.6).WithResidual(ResidualOf(velvia.Lattice!)),
            9, "Velvia residual on top of random sliders at strength 0.6"));
        var sliders = RandomLook(6);
        var anchored = sliders.WithResidual(ResidualOf(velvia.Lattice!).WithAnchor(sliders.Values));
        list.Add(new("anchored", anchored, 9, "Velvia lattice as a residual anchored at random sliders (at the anchor: the lattice alone)"));
        list.Add(new("anchored_moved", anchored.With("saturation", 0.3).With("red_hue", -12).With("curve_blue_50", 0.05).With("strength", 0.8),
            9, "the anchored Look with three sliders moved off the anchor and strength 0.8"));
        // Version 5: a LUT's own lattice interpolated tetrahedrally (how decompose stores camera-log LUTs),
        // anchored at random sliders, and the same with sliders moved off the anchor.
        var tetrahedral = sliders.WithResidual(ResidualOf(velvia.Lattice!, ResidualKernel.Tetrahedral, 1f / 256).WithAnchor(sliders.Values));
        list.Add(new("tetrahedral", tetrahedral, 17,
            "Velvia lattice as a tetrahedral residual (version 5) anchored at random sliders; baked between its nodes"));
        list.Add(new("tetrahedral_moved", tetrahedral.With("exposure", 0.4).With("blue_hue", 15).With("strength", 0.7), 9,
            "the tetrahedral Look with two sliders moved off the anchor and strength 0.7"));
        // The edges of a detail's range (docs/look.md: 8 bits hold ±127, not −128): a residual whose
        // details reach ±127 is written in 8 bits; one more detail of −128 (the fitter once wrote it in
        // 8 bits, which both readers refuse) makes it 16.
        list.Add(new("detail_edges", Look.Neutral.WithResidual(EdgeResidual(5, ResidualKernel.CubicBSpline, -127)), 9,
            "a 5³ spline residual whose details reach ±127 (8 bits)"));
        list.Add(new("detail_minus_128", Look.Neutral.WithResidual(EdgeResidual(5, ResidualKernel.CubicBSpline, -128)), 9,
            "the same with one detail of −128 (16 bits)"));
        list.Add(new("detail_minus_128_v3", RandomLook(7).WithResidual(EdgeResidual(6, ResidualKernel.Trilinear, -128)), 9,
            "a 6³ trilinear residual (version 3) with a detail of −128 (16 bits) on random sliders"));
        // Version 6: a camera stage (step 0) — published log curves and gamut matrices (CameraLog), hard
        // clip or shoulder; baked and evaluated between the stage's nodes as well as on them.
        list.Add(new("camera_clip", RandomLook(8).WithStage(Stage(Core.Color.CameraLog.AcesCct, 9, shared: true, shoulder: null)), 17,
            "ACEScct curve (one for all channels) on a 9-node stage, AP1 → Rec. 709, hard clip, random sliders, no residual"));
        var cameraSliders = RandomLook(9);
        var camera = cameraSliders.WithResidual(SmoothResidual(7).WithAnchor(cameraSliders.Values))
            .WithStage(Stage(Core.Color.CameraLog.SLog3, 13, shared: false, shoulder: (16f, 1.17f)));
        list.Add(new("camera_anchored", camera, 9,
            "S-Log3 curves (one per channel) on a 13-node stage, S-Gamut3.Cine → Rec. 709, shoulder, a 7³ spline residual anchored at random sliders"));
        list.Add(new("camera_shoulder", camera.With("saturation", -0.2).With("green_hue", 9).With("strength", 0.75), 9,
            "camera_anchored with three sliders moved off the anchor and strength 0.75 (the panel's edit, test_look_bytes.c)"));
        return list;
    }

    /// <summary>A camera stage from a published encoding: its curve at the nodes (per channel: scaled 1, 0.97, 1.04), its gamut matrix.</summary>
    private static LookCameraStage Stage(Core.Color.CameraLog log, int size, bool shared, (float, float)? shoulder)
    {
        var curves = new float[shared ? size : 3 * size];
        for (int i = 0; i < curves.Length; i++)
            curves[i] = (float)(log.Decode(i % size / (size - 1.0)) * (shared ? 1 : new[] { 1, 0.97, 1.04 }[i / size]));
        var m = log.ToLinearSrgb();
        float[] matrix = [(float)m.M11, (float)m.M12, (float)m.M13, (float)m.M21, (float)m.M22, (float)m.M23, (float)m.M31, (float)m.M32, (float)m.M33];
        return new LookCameraStage(size, curves, matrix, shoulder);
    }

    /// <summary>
    /// A residual whose coarse-to-fine details are small and seeded, one in ten at ±127, and the
    /// first (the origin's red, predicted 0) <paramref name="first"/>; step 1/256.
    /// </summary>
    private static LookResidual EdgeResidual(int size, ResidualKernel kernel, int first)
    {
        var rng = new Hash(size * 13 + first);
        int n = 3 * size * size * size;
        var details = new int[n];
        for (int i = 0; i < n; i++)
            details[i] = rng.Next() < 0.1 ? (rng.Next() < 0.5 ? -127 : 127) : (int)(rng.Next() * 7) - 3;
        details[0] = first;
        var q = ResidualHierarchy.For(size, LookCodec.VersionOf(kernel)).FromDetails(details);
        const float step = 1f / 256;
        return new LookResidual(size, q.Select(v => v * step).ToArray(), step, kernel: kernel);
    }

    /// <summary>What the C evaluator is given: the Look after a trip through its bytes.</summary>
    public static Look Decoded(Vector v) => LookCodec.Decode(LookCodec.Encode(v.Look), v.Name);

    private static Look Bands()
    {
        var look = Look.Neutral;
        for (int k = 0; k < LookParameters.BandCount; k++)
        {
            var band = LookParameters.BandNames[k];
            look = look.With($"{band}_hue", -40 + 11.5 * k).With($"{band}_chroma", -0.6 + 0.3 * k)
                .With($"{band}_lightness", 0.12 * Math.Sin(k + 1));
        }
        return look;
    }

    private static Look RandomLook(int seed)
    {
        var rng = new Hash(seed);
        var values = LookParameters.All.Select(p =>
            p.Name == "strength" ? 1.0 : rng.Next() < 0.5 ? p.Neutral : p.Min + (p.Max - p.Min) * rng.Next()).ToArray();
        return Look.Neutral.WithValues(values);
    }

    private static LookShaper Shaper()
    {
        const int knots = 17;
        var values = new float[3 * knots];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < knots; i++)
                values[c * knots + i] = (float)Math.Pow(i / (knots - 1.0), 1.0 / (1.4 + 0.3 * c));
        return new LookShaper(knots, values);
    }

    private static LookResidual SmoothResidual(int size)
    {
        var data = new float[size * size * size * 3];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(0.03 * Math.Sin(0.37 * i) * Math.Cos(0.011 * i));
        return new LookResidual(size, data);
    }

    /// <summary>The residual that makes a neutral Look reproduce the lattice at its nodes (trilinear: its nodes are the LUT's; written as version 3).</summary>
    private static LookResidual ResidualOf(Lattice3D lattice, ResidualKernel kernel = ResidualKernel.Trilinear, float? step = null)
    {
        var identity = Lattice3D.Identity(lattice.Size);
        var data = new float[lattice.Data.Length];
        for (int i = 0; i < data.Length; i++) data[i] = lattice.Data[i] - identity.Data[i];
        return new LookResidual(lattice.Size, data, step, kernel: kernel);
    }

    /// <summary>Evaluation points: greys, primaries, then hashed points in [-0.1, 1.1]³ (clamping included).</summary>
    public static float[] PointInputs()
    {
        var points = new List<float>();
        foreach (var v in new[] { 0f, 0.18f, 0.5f, 1f }) points.AddRange([v, v, v]);
        points.AddRange([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1]);
        var rng = new Hash(99);
        for (int i = 0; i < 3 * 150; i++) points.Add((float)(-0.1 + 1.2 * rng.Next()));
        return points.ToArray();
    }

    public static byte[] LatticeBytes(Look decoded, int size) => Floats(LookBaker.Bake(decoded, size).Data);

    /// <summary>Interleaved (input r g b, output r g b) per point.</summary>
    public static byte[] PointsBytes(Look decoded, float[] inputs)
    {
        var p = new LookProcessor(decoded);
        var values = new float[inputs.Length * 2];
        for (int i = 0; i < inputs.Length / 3; i++)
        {
            var (r, g, b) = p.Apply(inputs[3 * i], inputs[3 * i + 1], inputs[3 * i + 2]);
            values[6 * i] = inputs[3 * i];
            values[6 * i + 1] = inputs[3 * i + 1];
            values[6 * i + 2] = inputs[3 * i + 2];
            values[6 * i + 3] = (float)r;
            values[6 * i + 4] = (float)g;
            values[6 * i + 5] = (float)b;
        }
        return Floats(values);
    }

    public static byte[] Floats(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    public static float[] ReadFloats(byte[] bytes)
    {
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        return values;
    }

    /// <summary>index, name, group, min, max, neutral, unit, step: one row per parameter.</summary>
    public static string ParameterTable()
    {
        var sb = new StringBuilder("index\tname\tgroup\tmin\tmax\tneutral\tunit\tstep\n");
        foreach (var p in LookParameters.All)
            sb.Append(CultureInfo.InvariantCulture,
                $"{p.Index}\t{p.Name}\t{p.Group}\t{R(p.Min)}\t{R(p.Max)}\t{R(p.Neutral)}\t{p.Unit}\t{R(p.Step)}\n");
        return sb.ToString();
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Every file of the vector folder as the current C# code writes it, by name; the fitted
    /// Looks are the committed ones unless <paramref name="fit"/> (LUT, title → Look) refits them.
    /// </summary>
    public static SortedDictionary<string, byte[]> Files(Func<Lut, string, Look>? fit = null)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var inputs = PointInputs();
        var manifest = new StringBuilder("name\tlattice_size\tsource\n");
        foreach (var v in Vectors())
        {
            var bytes = LookCodec.Encode(v.Look);
            var decoded = LookCodec.Decode(bytes, v.Name);
            files[v.Name + ".look"] = bytes;
            files[v.Name + ".lattice"] = LatticeBytes(decoded, v.LatticeSize);
            files[v.Name + ".points"] = PointsBytes(decoded, inputs);
            manifest.Append(CultureInfo.InvariantCulture, $"{v.Name}\t{v.LatticeSize}\t{v.Source}\n");
        }
        foreach (var file in FittedLuts)
        {
            var name = FittedName(file);
            var bytes = FittedBytes(file, fit);
            var decoded = LookCodec.Decode(bytes, name);
            files[name + ".look"] = bytes;
            files[name + ".lattice"] = LatticeBytes(decoded, 9);
            files[name + ".points"] = PointsBytes(decoded, inputs);
            manifest.Append(CultureInfo.InvariantCulture, $"{name}\t9\tshared/data/luts/creative/{file} fitted by Decomposer (residual {decoded.Residual?.Size ?? 0})\n");
            if (file != FittedLuts[0]) continue;
            // The panel's slider edit on a version 4 Look (plugin-c/lua/tests/test_look_bytes.c).
            var moved = decoded.With("saturation", 0.3).With("red_hue", -12).With("curve_blue_50", 0.05).With("strength", 0.8);
            var movedBytes = LookCodec.Encode(moved);
            var movedDecoded = LookCodec.Decode(movedBytes, name + "_moved");
            files[name + "_moved.look"] = movedBytes;
            files[name + "_moved.lattice"] = LatticeBytes(movedDecoded, 9);
            files[name + "_moved.points"] = PointsBytes(movedDecoded, inputs);
            manifest.Append(CultureInfo.InvariantCulture, $"{name}_moved\t9\t{name} with three sliders moved off its anchor and strength 0.8\n");
        }
        foreach (var (name, version) in OlderVersionFiles)
        {
            // Committed bytes written by an older writer: kept so both readers keep reading them.
            var path = Path.Combine(Folder, name + ".look");
            if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing (a committed version {version} file; restore it from git)");
            var bytes = File.ReadAllBytes(path);
            if (bytes[16] != version) throw new InvalidOperationException($"{path} is not a version {version} .look");
            var decoded = LookCodec.Decode(bytes, name);
            files[name + ".look"] = bytes;
            files[name + ".lattice"] = LatticeBytes(decoded, 9);
            files[name + ".points"] = PointsBytes(decoded, inputs);
            var what = version == 2 ? "red-axis residual deltas" : "a trilinear residual";
            manifest.Append(CultureInfo.InvariantCulture, $"{name}\t9\ta version {version} file ({what}) an older fitter wrote (residual {decoded.Residual?.Size ?? 0})\n");
        }
        files["looks.tsv"] = Encoding.UTF8.GetBytes(manifest.ToString());
        var invalid = new StringBuilder("file\tkind\twhy\n");
        foreach (var x in InvalidFiles())
        {
            files[$"invalid/{x.Name}.look"] = x.Bytes;
            invalid.Append(CultureInfo.InvariantCulture, $"{x.Name}.look\t{x.Kind}\t{x.Why}\n");
        }
        files["invalid.tsv"] = Encoding.UTF8.GetBytes(invalid.ToString());
        files["parameters.tsv"] = Encoding.UTF8.GetBytes(ParameterTable());
        files["mutations.tsv"] = Encoding.UTF8.GetBytes(Mutations(files));
        return files;
    }

    /// <summary>The point at which accepted mutations are evaluated.</summary>
    public static readonly double[] MutationPoint = [0.3, 0.6, 0.9];

    /// <summary>
    /// Single-byte changes of a few vectors and what C#'s decoder makes of each: "ok" with
    /// the mutated Look's value at <see cref="MutationPoint"/>, or the kind of error. The C
    /// decoder must agree on every one (same files accepted, same colours out).
    /// </summary>
    public static string Mutations(IDictionary<string, byte[]> files)
    {
        var sb = new StringBuilder("base\toffset\tbyte\tkind\tr\tg\tb\n");
        var rng = new Hash(2024);
        // Version 4 sliders and details are range-coded (a changed byte there is nearly always refused), so
        // version 3 Looks with MessagePack sliders keep accepted mutations (and their colours) in the set.
        foreach (var name in new[] { "shaper_residual", "random1", "bands", "extreme_max", "neutral", "anchored_moved", "lut_velvia_strength", "lut_kodak_portra_800", "v3_fit_kodak_kodachrome_64", "camera_clip" })
        {
            var original = files[name + ".look"];
            for (int k = 0; k < 500; k++)
            {
                int offset = (int)(rng.Next() * original.Length);
                byte value = (byte)(rng.Next() * 256);
                if (value == original[offset]) continue;
                var bytes = (byte[])original.Clone();
                bytes[offset] = value;
                string kind, rgb = "\t\t";
                try
                {
                    var (r, g, b) = new LookProcessor(LookCodec.Decode(bytes, "m")).Apply(MutationPoint[0], MutationPoint[1], MutationPoint[2]);
                    kind = "ok";
                    rgb = $"{R(r)}\t{R(g)}\t{R(b)}";
                }
                catch (Core.InputException e)
                {
                    kind = e.Message.Contains("unsupported .look format version") ? "version" : "format";
                }
                sb.Append(CultureInfo.InvariantCulture, $"{name}\t{offset}\t{value}\t{kind}\t{rgb}\n");
            }
        }
        return sb.ToString();
    }

    /// <summary>Corrupt and unsupported .look files: kind "version" or "format".</summary>
    public static IReadOnlyList<Invalid> InvalidFiles()
    {
        var neutral = LookCodec.Encode(Look.Neutral);
        var rich = LookCodec.Encode(Vectors().Single(v => v.Name == "shaper_residual").Look);
        // Version 1 heads (raw residual, parameters 0..47) unless a test says 2 (zlib residual, all parameters).
        byte[] Head(int items = 6, byte version = 1) => [(byte)(0x90 | items), 0xae, .. Encoding.ASCII.GetBytes(LookCodec.Magic), version];
        byte[] Tail() => [0xc0, 0xc0, 0xc0];
        byte[] Shaper(params byte[] knotsAndData) => [.. Head(), 0x80, 0x92, .. knotsAndData, 0xc0, 0xc0];
        byte[] Residual(params byte[] fields) => [.. Head(), 0x80, 0xc0, 0x94, .. fields, 0xc0];
        // A 2³ residual in version 2: size, scale 0.01, 8 bits, then the (compressed) data as bin8.
        byte[] Zipped(byte[] data, byte version = 2) => data.Length > 255 ? throw new InvalidOperationException("bin8 holds 255 bytes") : [.. Head(6, version), 0x80, 0xc0, 0x94, 0x02, 0xca, 0x3c, 0x23, 0xd7, 0x0a, 8, 0xc4, (byte)data.Length, .. data, 0xc0];
        var good = LookCodec.Compress(new byte[24]);
        byte[] badChecksum = [.. good];
        badChecksum[^1] ^= 0x01;
        // A 2³ residual in version 3 with an anchor map: [2, 0.01, 8, zlib(24 zero bytes), anchor].
        byte[] Anchored(byte version, params byte[] anchor) => [.. Head(6, version), 0x80, 0xc0, 0x95, 0x02, 0xca, 0x3c, 0x23, 0xd7, 0x0a, 8, 0xc4, (byte)good.Length, .. good, .. anchor, 0xc0];
        // Version 4's range-coded sliders: saturation (14) moved by k steps.
        byte[] Sliders(int k)
        {
            var steps = new long[LookParameters.Count];
            steps[14] = k;
            return ParameterCoder.Encode(steps);
        }
        byte[] Bin8(byte[] data) => [0xc4, (byte)data.Length, .. data];
        // A 2³ residual in version 4: [2, 0.01, bits, range-coded details].
        byte[] Coded(int[] details) => DetailCoder.Encode(details, ResidualHierarchy.For(2, 4));
        byte[] RangeCoded(byte bits, byte[] stream) => [.. Head(6, 4), 0x80, 0xc0, 0x94, 0x02, 0xca, 0x3c, 0x23, 0xd7, 0x0a, bits, 0xc4, (byte)stream.Length, .. stream, 0xc0];
        byte[] Title(params byte[] str) => [.. Head(), 0x80, 0xc0, 0xc0, .. str];
        byte[] Bin(int n, byte fill) => [0xc4, (byte)n, .. Enumerable.Repeat(fill, n)];
        // Version 6: neutral sliders, no shaper, residual or title, then the camera stage [size, curves, matrix, shoulder].
        static byte[] F(params float[] v) => Floats(v);
        static byte[] F32(float v) { var b = new byte[5]; b[0] = 0xca; BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(1), v); return b; }
        byte[] Identity = F(1, 0, 0, 0, 1, 0, 0, 0, 1);
        byte[] Nil = [0xc0];
        byte[] Stage(byte size, byte[] curves, byte[] matrix, byte[] shoulder) => [0x94, size, .. Bin8(curves), .. Bin8(matrix), .. shoulder];
        byte[] CameraStage(byte[] stage) => [.. Head(7, 6), 0x80, 0xc0, 0xc0, 0xc0, .. stage];
        var list = new List<Invalid>
        {
            new("version_7", [.. neutral[..16], 0x07, .. neutral[17..]], "version", "format version 7"),
            new("version_0_short", [0x96, .. neutral[1..16], 0x00], "version", "version 0, nothing after it"),
            new("version_uint16", [0x96, .. neutral[1..16], 0xcd, 0x01, 0x00, 0x80, 0xc0, 0xc0, 0xc0], "version", "version 256"),
            new("empty", [], "format", "no bytes"),
            new("not_array", [0x80], "format", "a map, not an array"),
            new("bad_magic", [.. neutral[..5], (byte)'X', .. neutral[6..]], "format", "magic 'lutXridge.look'"),
            new("too_few_items", [0x91, .. neutral[1..16]], "format", "top-level array of 1"),
            new("seven_items", [0x97, .. neutral[1..], 0xc0], "format", "top-level array of 7"),
            new("truncated", rich[..(rich.Length - 40)], "format", "the rich vector cut 40 bytes short"),
            new("trailing", [.. neutral, 0x00], "format", "one byte after the Look"),
            new("unknown_index", [.. Head(), 0x81, 48, 1, .. Tail()], "format", "parameter index 48 in version 1"),
            new("unknown_index_v2", [.. Head(6, 2), 0x81, (byte)LookParameters.Count, 1, .. Tail()], "format", $"parameter index {LookParameters.Count} in version 2"),
            new("negative_index", [.. Head(), 0x81, 0xff, 1, .. Tail()], "format", "parameter index -1"),
            new("duplicate_index", [.. Head(), 0x82, 0, 1, 0, 2, .. Tail()], "format", "parameter 0 twice"),
            new("out_of_range", [.. Head(), 0x81, 0, 0xcd, 0x13, 0x8a, .. Tail()], "format", "exposure 5.002"),
            new("steps_not_int", [.. Head(), 0x81, 0, 0xc0, .. Tail()], "format", "steps nil"),
            new("uint64_steps", [.. Head(), 0x81, 0, 0xcf, 0, 0, 0, 0, 0, 0, 0, 5, .. Tail()], "format", "steps as uint64 (C# reads up to 32-bit ints)"),
            new("map32", [.. Head(), 0xdf, 0, 0, 0, 1, 0, 1, .. Tail()], "format", "parameters as map32"),
            new("huge_map16", [.. Head(), 0xde, 0xff, 0xff, 0, 1, .. Tail()], "format", "map16 claiming 65535 entries"),
            new("shaper_one_knot", Shaper([0x01, .. Bin(6, 0)]), "format", "1 knot"),
            new("shaper_wrong_length", Shaper([0x02, .. Bin(10, 0)]), "format", "2 knots, 10 bytes"),
            new("shaper_decreasing", Shaper([0x02, 0xc4, 12, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), "format", "first channel 1 -> 0"),
            new("shaper_not_array", [.. Head(), 0x80, 0x05, 0xc0, 0xc0], "format", "shaper 5"),
            new("residual_bits_12", Residual([0x02, 0xca, 0x3c, 0x23, 0xd7, 0x0a, 12, .. Bin(36, 0)]), "format", "12 bits"),
            new("residual_scale_zero", Residual([0x02, 0xca, 0, 0, 0, 0, 8, .. Bin(24, 0)]), "format", "scale 0"),
            new("residual_scale_nan", Residual([0x02, 0xca, 0x7f, 0xc0, 0, 0, 8, .. Bin(24, 0)]), "format", "scale NaN"),
            new("residual_scale_float64", Residual([0x02, 0xcb, 0x3f, 0x84, 0x7a, 0xe1, 0x47, 0xae, 0x14, 0x7b, 8, .. Bin(24, 0)]), "format", "scale as float64"),
            new("residual_size_66", Residual([66, 0xca, 0x3c, 0x23, 0xd7, 0x0a, 8, 0xc4, 0]), "format", "size 66"),
            new("residual_short_data", Residual([0x02, 0xca, 0x3c, 0x23, 0xd7, 0x0a, 8, .. Bin(23, 0)]), "format", "23 of 24 bytes"),
            new("residual_raw_in_v2", Zipped(new byte[24]), "format", "version 2 residual stored raw, not zlib"),
            new("residual_zlib_short", Zipped(LookCodec.Compress(new byte[23])), "format", "zlib stream of 23 of 24 bytes"),
            new("residual_zlib_long", Zipped(LookCodec.Compress(new byte[25])), "format", "zlib stream of 25 bytes for 24"),
            new("residual_zlib_checksum", Zipped(badChecksum), "format", "zlib stream with a wrong Adler-32"),
            new("residual_v3_zlib_short", Zipped(LookCodec.Compress(new byte[23]), 3), "format", "version 3: zlib stream of 23 of 24 bytes"),
            new("params_v4_trailing", [.. Head(6, 4), .. Bin8([.. Sliders(3), 0]), 0xc0, 0xc0, 0xc0], "format", "version 4: a byte after the last range-coded slider"),
            new("params_v4_short", [.. Head(6, 4), .. Bin8(Sliders(3)[..^1]), 0xc0, 0xc0, 0xc0], "format", "version 4: the range-coded sliders cut by a byte"),
            new("params_v3_coded", [.. Head(6, 3), .. Bin8(Sliders(3)), 0xc0, 0xc0, 0xc0], "format", "version 3: range-coded sliders (only version 4 has them)"),
            new("residual_v4_trailing", RangeCoded(8, [.. Coded(new int[24]), 0]), "format", "version 4: a byte after the last detail"),
            new("residual_v4_short", RangeCoded(8, Coded(new int[24])[..^1]), "format", "version 4: the range-coded stream cut by a byte"),
            new("residual_v4_wide_detail", RangeCoded(8, Coded([200, .. new int[23]])), "format", "version 4: a detail of 200 in an 8-bit residual"),
            new("residual_v4_detail_minus_128", RangeCoded(8, Coded([-128, .. new int[23]])), "format", "version 4: a detail of −128 in an 8-bit residual (8 bits hold ±127)"),
            new("residual_v4_over_limit", RangeCoded(16, Coded([16384, .. new int[23]])), "format", "version 4: a residual integer of 16384 (limit 16383)"),
            new("anchor_in_v2", Anchored(2, 0x80), "format", "an anchor (5th residual item) in version 2"),
            new("anchor_not_map", Anchored(3, 0x01), "format", "anchor 1"),
            new("anchor_moves_strength", Anchored(3, 0x81, (byte)LookParameters.Strength, 0x01), "format", "anchor moves strength"),
            new("anchor_out_of_range", Anchored(3, 0x81, 0, 0xcd, 0x13, 0x8a), "format", "anchor exposure 5.002"),
            new("anchor_unknown_index", Anchored(3, 0x81, (byte)LookParameters.Count, 0x01), "format", $"anchor index {LookParameters.Count}"),
            new("anchor_duplicate_index", Anchored(3, 0x82, 1, 1, 1, 2), "format", "anchor index 1 twice"),
            new("residual_zlib_bomb", Zipped(LookCodec.Compress(new byte[1 << 16])), "format", "zlib stream inflating to 64 KiB for 24 bytes"),
            new("bin32_huge", Residual([0x02, 0xca, 0x3c, 0x23, 0xd7, 0x0a, 8, 0xc6, 0xff, 0xff, 0xff, 0xf0]), "format", "bin32 claiming 4 GB"),
            new("title_overlong_utf8", Title(0xa2, 0xc0, 0x80), "format", "overlong NUL"),
            new("title_surrogate", Title(0xa3, 0xed, 0xa0, 0x80), "format", "UTF-8 encoded surrogate"),
            new("title_str16", Title(0xda, 0x00, 0x01, (byte)'x'), "format", "title as str16"),
            new("title_not_string", Title(0x01), "format", "title 1"),
            new("bool_in_place_of_nil", [.. Head(), 0x80, 0xc2, 0xc0, 0xc0], "format", "shaper false"),
            new("ext_type", [.. Head(), 0x80, 0xd4, 0x01, 0x00, 0xc0, 0xc0], "format", "fixext1 as shaper"),
            new("stage_v6_six_items", [.. Head(6, 6), 0x80, 0xc0, 0xc0, 0xc0], "format", "version 6 without its seventh item (the camera stage)"),
            new("stage_in_v5", [.. Head(7, 5), 0x80, 0xc0, 0xc0, 0xc0, .. Stage(2, F(0, 1), Identity, Nil)], "format", "a camera stage in version 5"),
            new("stage_nil", [.. Head(7, 6), 0x80, 0xc0, 0xc0, 0xc0, 0xc0], "format", "version 6 with a nil camera stage"),
            new("stage_three_items", [.. Head(7, 6), 0x80, 0xc0, 0xc0, 0xc0, 0x93, 2, .. Bin8(F(0, 1)), .. Bin8(Identity)], "format", "camera stage of 3 items"),
            new("stage_size_1", CameraStage(Stage(1, F(0), Identity, Nil)), "format", "camera stage size 1"),
            new("stage_size_66", CameraStage(Stage(66, F(0, 1), Identity, Nil)), "format", "camera stage size 66"),
            new("stage_curves_length", CameraStage(Stage(2, F(0, 1, 2), Identity, Nil)), "format", "3 curve values for size 2 (2 or 6)"),
            new("stage_curve_nan", CameraStage(Stage(2, F(0, float.NaN), Identity, Nil)), "format", "a curve value NaN"),
            new("stage_curve_huge", CameraStage(Stage(2, F(0, 70000), Identity, Nil)), "format", "a curve value 70000 (limit 65504)"),
            new("stage_matrix_short", CameraStage(Stage(2, F(0, 1), F(1, 0, 0, 0, 1, 0, 0, 0), Nil)), "format", "a camera matrix of 8 entries"),
            new("stage_matrix_17", CameraStage(Stage(2, F(0, 1), F(17, 0, 0, 0, 1, 0, 0, 0, 1), Nil)), "format", "a camera matrix entry 17 (limit 16)"),
            new("stage_shoulder_zero", CameraStage(Stage(2, F(0, 1), Identity, [0x92, .. F32(0), .. F32(1)])), "format", "shoulder white 0"),
            new("stage_shoulder_float64", CameraStage(Stage(2, F(0, 1), Identity, [0x92, 0xcb, 0x40, 0x30, 0, 0, 0, 0, 0, 0, .. F32(1)])), "format", "shoulder white as float64"),
            new("stage_shoulder_one", CameraStage(Stage(2, F(0, 1), Identity, [0x91, .. F32(16)])), "format", "shoulder [white] without gain"),
            new("stage_not_array", CameraStage([0x05]), "format", "camera stage 5"),
            new("deep_nesting", [.. Head(), 0x80, .. Enumerable.Repeat((byte)0x91, 40), 0xc0, 0xc0, 0xc0], "format", "40 nested arrays"),
        };
        return list;
    }

    /// <summary>A deterministic uniform generator (SplitMix64), independent of System.Random.</summary>
    private sealed class Hash(int seed)
    {
        private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL;

        public double Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
