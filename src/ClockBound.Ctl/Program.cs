using ClockBound.Ctl;

// clockboundctl: see docs/clockboundctl.md. Exit codes: CtlExitCodes.
using TextWriter output = StandardOutput.Open();
return CtlCommandLine.Run(args, output, Console.Error, handleTerminationSignals: true);
