namespace LutBridge.Server.Tests;

// Placeholder: replaced by the first real test file of this project.
public class ProjectBuilds
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("LutBridge.Server.Tests", typeof(ProjectBuilds).Assembly.GetName().Name);
}
