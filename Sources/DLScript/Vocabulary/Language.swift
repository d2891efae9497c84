/// Facts about the DL language that front ends show: in banners, `--version` and a notebook's
/// language info.
public enum Language {
    /// The version of the language and its tools (dlrepl, dlkernel).
    public static let version = "0.5.0"
}
