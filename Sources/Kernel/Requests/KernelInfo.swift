import DLScript
import JupyterWire

/// What `kernel_info_reply` says about the kernel and its language.
enum KernelInfo {
    /// The reply's content; `reference` is the language reference's address, when known.
    static func content(reference: String?) -> JSON {
        [
            "status": "ok",
            "protocol_version": .string(Message.protocolVersion),
            "implementation": "dlkernel",
            "implementation_version": .string(Language.version),
            "language_info": [
                "name": "dl",
                "version": .string(Language.version),
                "mimetype": "text/x-dl",
                "file_extension": ".dl",
                "pygments_lexer": "text",
                "codemirror_mode": "text/x-dl",
            ],
            "banner": .string(
                "DL \(Language.version): declare, train and inspect neural networks. Type help for the language; Tab completes, Shift-Tab shows help."
            ),
            "help_links": .array(reference.map { [["text": "DL language reference", "url": .string($0)]] } ?? []),
            "debugger": false,
        ]
    }
}
