import DLCore

/// What `trace` shows: one sample's way through a network, layer by layer (the forward pass),
/// and the gradient of its loss for each weight (the backward pass).
public struct Trace: Sendable, Equatable {
    /// A tensor as the trace shows it: its shape and its values.
    public struct Values: Sendable, Equatable {
        public var shape: [Int]
        public var scalars: [Float]
    }

    /// A parameter of a layer, or its gradient.
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var values: Values
    }

    /// A nonlinear activation and the weighted sum `z` it was applied to.
    public struct Activation: Sendable, Equatable {
        public var name: String
        public var input: Values
    }

    /// One layer of the forward pass.
    public struct Step: Sendable, Equatable {
        /// The layer as DL writes it.
        public var layer: String
        public var parameters: [Parameter]
        /// The layer's activation, unless it is linear.
        public var activation: Activation?
        public var output: Values
        /// A recurrent layer's steps: its gates and what each step carries on.
        public var recurrence: [RecurrentStep] = []
    }

    /// The gradients of one layer's trainable parameters; `number` counts layers from 1.
    public struct Gradients: Sendable, Equatable {
        public var number: Int
        public var layer: String
        public var parameters: [Parameter]
    }

    /// The backward pass: the loss and the gradients from the last layer to the first, or why
    /// there are none.
    public enum Backward: Sendable, Equatable {
        case gradients(loss: Float, layers: [Gradients])
        case unavailable(String)
    }

    /// A classifier's predicted class: its number and its name.
    public struct Prediction: Sendable, Equatable {
        public var index: Int
        public var name: String
    }

    public var model: String
    public var data: String
    public var label: Int?
    /// The sample as a batch of one, shape `1 x …`, as each step's output is.
    public var input: Values
    public var steps: [Step]
    public var prediction: Prediction?
    /// What a regression should give for the sample, shown before the loss that compares them.
    public var target: Values? = nil
    public var backward: Backward
}
