using EncodingSniff;

return SniffApp.Run(args, Console.Out, Console.Error);
