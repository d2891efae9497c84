import DLScript
import JupyterWire

/// What `kernel_info_reply` says about the kernel and its language.
enum KernelInfo {
    /// The reply's content. It has no help links: DL has no web home yet, and JupyterLab refuses
    /// the `file://` address of the installed reference; help comes from the kernel (`help`,
    /// `?word`, and the inspector's Markdown and HTML).
    static func content() -> JSON {
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
                "pygments_lexer": "dl",
                "codemirror_mode": "text/x-dl",
            ],
            "banner": .string(
                "DL \(Language.version): declare, train and inspect neural networks. Type help for the language; Tab completes, Shift-Tab shows help."
            ),
            "help_links": [],
            "debugger": false,
        ]
    }
}
