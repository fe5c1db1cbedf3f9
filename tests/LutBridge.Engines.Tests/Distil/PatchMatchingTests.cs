using LutBridge.Engines.Distil;
using OpenCvSharp;

namespace LutBridge.Engines.Tests.Distil;

/// <summary>Patch-feature matching against grids whose true correspondence is known by construction.</summary>
public class PatchMatchingTests
{
    /// <summary>Random features per cell (distinct, so each cell has one true partner).</summary>
    private static float[] RandomCells(int cells, int channels, int seed)
    {
        var rng = new Random(seed);
        var v = new float[cells * channels];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return v;
    }

    [Fact]
    public void Cells_seen_in_both_grids_match_their_partner_and_the_coarse_homography_is_the_shift_and_scale()
    {
        // The after grid shows the before grid's cells shifted by (+2, +1) cells, as a 1.5× larger image
        // would; cells the before grid lacks get features of their own (no partner), and every
        // after feature is scaled and slightly perturbed (a grade changes the features a little).
        const int cols = 12, rows = 9, c = 16;
        var before = new PatchGrid(cols, rows, c, RandomCells(cols * rows, c, 1));
        var noise = new Random(2);
        var other = RandomCells(cols * rows, c, 3);
        var afterValues = new float[cols * rows * c];
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < cols; q++)
            {
                int sr = r - 1, sq = q - 2, cell = r * cols + q;
                for (int k = 0; k < c; k++)
                    afterValues[cell * c + k] = sr >= 0 && sq >= 0
                        ? 3 * before.Values[(sr * cols + sq) * c + k] + (float)(noise.NextDouble() - 0.5) * 0.2f
                        : other[cell * c + k];
            }
        var after = new PatchGrid(cols, rows, c, afterValues);
        int bw = 480, bh = 360, aw = 720, ah = 540; // cells of 40 px before, 60 px after

        var (src, dst) = PatchMatching.Mutual(before, bw, bh, after, aw, ah);
        // Before cell centre (x, y) = ((q + 0.5)·40, (r + 0.5)·40) has its partner at ((q + 2.5)·60, (r + 1.5)·60).
        int right = 0;
        for (int i = 0; i < src.Count; i++)
            if (Math.Abs((src[i].X / 40 + 2) * 60 - dst[i].X) < 1e-6 && Math.Abs((src[i].Y / 40 + 1) * 60 - dst[i].Y) < 1e-6) right++;
        int partnered = (cols - 2) * (rows - 1);
        Assert.True(right >= partnered * 9 / 10, $"{right} of {partnered} partnered cells matched");
        Assert.True(src.Count - right <= src.Count / 10, $"{src.Count - right} wrong of {src.Count}");

        var (h, matches, inliers) = PatchMatching.CoarseModel(before, bw, bh, after, aw, ah);
        Assert.NotNull(h);
        using (h)
        {
            Assert.Equal(src.Count, matches);
            Assert.True(inliers >= right, $"{inliers} inliers, {right} right matches");
            foreach (var (x, y) in new[] { (0.0, 0.0), (480.0, 0.0), (100.0, 300.0) })
            {
                var (u, v) = Registration.Apply(h, x, y);
                Assert.True(Math.Abs(u - (x * 1.5 + 120)) < 1e-3 && Math.Abs(v - (y * 1.5 + 60)) < 1e-3, $"({x}, {y}) → ({u}, {v})");
            }
        }
    }

    [Fact]
    public void Grids_with_nothing_in_common_give_no_coarse_homography()
    {
        for (int seed = 0; seed < 10; seed++)
        {
            var before = new PatchGrid(16, 16, 16, RandomCells(256, 16, 2 * seed + 10));
            var after = new PatchGrid(16, 16, 16, RandomCells(256, 16, 2 * seed + 11));
            var (h, matches, inliers) = PatchMatching.CoarseModel(before, 448, 448, after, 448, 448);
            Assert.True(h == null, $"seed {seed}: a homography from {inliers} of {matches} chance matches");
        }
    }
}
