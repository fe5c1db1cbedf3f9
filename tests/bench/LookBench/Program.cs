using System.Diagnostics;
using LutBridge.Looks;

// C# side of tests/bench/look-c-vs-cs.sh: bakes one .look at 17³, 33³ and 65³, on one
// thread (LookProcessor point by point, as the C library does) and with LookBaker (all
// cores), and prints one line per size in the same form as plugin-c/look/bench/look_bench.c.
// `LookBench --codec FILE...` instead times .look encode and decode (LookCodec) over the files.
if (args.Length >= 2 && args[0] == "--codec")
    return CodecBench(args[1..]);
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: LookBench LOOK_FILE | LookBench --codec LOOK_FILE...");
    return 2;
}
var look = LookFile.Read(args[0]);
foreach (int n in new[] { 17, 33, 65 })
{
    int reps = n <= 17 ? 20 : n <= 33 ? 4 : 1;
    BakeOneThread(look, n); // warm-up: JIT and tiering
    LookBaker.Bake(look, n);
    var sw = Stopwatch.StartNew();
    for (int r = 0; r < reps; r++) BakeOneThread(look, n);
    double single = sw.Elapsed.TotalMilliseconds / reps;
    sw.Restart();
    for (int r = 0; r < reps; r++) LookBaker.Bake(look, n);
    double parallel = sw.Elapsed.TotalMilliseconds / reps;
    Console.WriteLine($"bake {n,3}^3: {single,8:F2} ms one thread, {parallel,8:F2} ms on {Environment.ProcessorCount} cores");
}
return 0;

static float[] BakeOneThread(Look look, int n)
{
    var p = new LookProcessor(look);
    var data = new float[n * n * n * 3];
    double step = 1.0 / (n - 1);
    int i = 0;
    for (int b = 0; b < n; b++)
        for (int g = 0; g < n; g++)
            for (int r = 0; r < n; r++)
            {
                var (R, G, B) = p.Apply(r * step, g * step, b * step);
                data[i++] = (float)R;
                data[i++] = (float)G;
                data[i++] = (float)B;
            }
    return data;
}

// Median of 7 rounds; each round encodes and decodes every file enough times to last ~100 ms.
static int CodecBench(string[] files)
{
    var bytes = files.Select(File.ReadAllBytes).ToArray();
    var looks = bytes.Select((b, i) => LookCodec.Decode(b, files[i])).ToArray();
    long total = bytes.Sum(b => (long)b.Length);
    int reps = 1;
    for (var sw = Stopwatch.StartNew(); sw.ElapsedMilliseconds < 100; reps *= 2)
        foreach (var look in looks) LookCodec.Encode(look); // warm-up and calibration
    var encode = new List<double>();
    var decode = new List<double>();
    for (int round = 0; round < 7; round++)
    {
        var sw = Stopwatch.StartNew();
        for (int r = 0; r < reps; r++)
            foreach (var look in looks) LookCodec.Encode(look);
        encode.Add(sw.Elapsed.TotalMicroseconds / reps / looks.Length);
        sw.Restart();
        for (int r = 0; r < reps; r++)
            for (int i = 0; i < bytes.Length; i++) LookCodec.Decode(bytes[i], files[i]);
        decode.Add(sw.Elapsed.TotalMicroseconds / reps / looks.Length);
    }
    encode.Sort();
    decode.Sort();
    Console.WriteLine($"codec: {looks.Length} .look files, {total} bytes; per file: encode {encode[3]:F2} µs, decode {decode[3]:F2} µs (median of 7)");
    return 0;
}
