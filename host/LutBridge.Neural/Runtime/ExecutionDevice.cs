namespace LutBridge.Neural.Runtime;

/// <summary>Where a model runs. <see cref="Auto"/> tries CUDA in the GPU build and uses the CPU otherwise.</summary>
public enum ExecutionDevice { Auto, Cpu, Cuda }

public static class ExecutionDevices
{
    /// <summary>True in the build made with -p:LutBridgeGpu=true (the CUDA flavour of ONNX Runtime).</summary>
    public static bool GpuBuild =>
#if LUTBRIDGE_GPU
        true;
#else
        false;
#endif

    public static bool TryParse(string text, out ExecutionDevice device) =>
        Enum.TryParse(text, ignoreCase: true, out device);
}
