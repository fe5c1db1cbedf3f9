namespace LutBridge.Interop.Tests;

// Placeholder: replaced by the first real test file of this project.
public class ProjectBuilds
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("LutBridge.Interop.Tests", typeof(ProjectBuilds).Assembly.GetName().Name);
}
