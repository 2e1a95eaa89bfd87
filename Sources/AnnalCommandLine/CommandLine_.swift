/// Entry point of the `annal` command (filled in below).
public enum CommandLine_ {
    public static func run(arguments: [String]) -> Int32 { 0 }
}
