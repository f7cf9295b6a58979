using TwoFactor.Cli.Commands;

return await CliRoot.RunAsync(args);
