using LutBridge.Cli;

return CliApp.Run(args);
