/// The ideas of an introductory course, each as `help` explains it: what it is, its formula where
/// it has one, and DL that shows it. Every example runs as written in a fresh session (a test
/// runs them all), on data small enough to answer at once.
struct Concept: Sendable {
    /// The words `help` knows it by; the first is its name.
    let words: [String]
    /// What it is, in two to five sentences.
    let text: String
    /// Its formula, if it has one.
    let formula: String?
    /// Statements that show it, one per line.
    let example: String

    /// The concept `help <word>` explains, if any.
    static func named(_ word: String) -> Concept? { all.first { $0.words.contains(word) } }

    /// Every concept's words, for help's suggestions and completion.
    static var words: [String] { all.flatMap(\.words) }

    /// The help text: what it is, its formula and its example.
    var help: String {
        var lines = ["\(words[0]) (a concept)", "  " + text]
        if let formula { lines.append("  formula: \(formula)") }
        lines.append("  example:")
        lines += example.split(separator: "\n").map { "    \($0)" }
        return lines.joined(separator: "\n")
    }

    static let all: [Concept] = [
        Concept(
            words: ["neuron", "perceptron", "unit"],
            text:
                "A neuron multiplies each input by a weight, adds a bias, and passes the sum through an activation. A perceptron is one neuron with a step-like output; a dense layer is many neurons side by side, each seeing every input. summary counts a neuron's parameters: one weight per input plus its bias.",
            formula: "y = activation(w · x + b)",
            example: "model neuron { input 2; dense 1 sigmoid }\nsummary neuron"),
        Concept(
            words: ["weight", "weights", "parameter", "parameters"],
            text:
                "A weight says how much one input counts for one neuron; training changes the weights to lower the loss. trace shows the weights a sample meets, layer by layer, and their gradients.",
            formula: "z = W x + b",
            example: "data gate = xor\nmodel m { input 2; dense 2 tanh; dense 2 softmax }\ntrace m on gate[1]"),
        Concept(
            words: ["bias"],
            text:
                "A bias is a neuron's own constant, added after the weighted sum; it moves the neuron's threshold so that it can fire even when every input is 0. Each neuron of a dense layer has one.",
            formula: "z = w · x + b",
            example: "model neuron { input 3; dense 1 sigmoid }\nsummary neuron"),
        Concept(
            words: ["activation", "nonlinearity"],
            text:
                "An activation is the function a neuron applies to its weighted sum. Without one, layers stacked on layers are still one linear function; with relu, tanh or sigmoid in between, a network can bend its decision boundary. plot draws each with its derivative.",
            formula: "relu(z) = max(0, z); sigmoid(z) = 1 / (1 + e^-z); tanh(z)",
            example: "plot relu\nplot sigmoid"),
        Concept(
            words: ["forward", "forward_pass", "inference"],
            text:
                "The forward pass computes a network's output from its input, layer by layer: each layer's output is the next one's input. predict runs it; trace shows every step for one sample.",
            formula: "a0 = x; a(l) = f(W(l) a(l-1) + b(l))",
            example: "data gate = xor\nmodel m { input 2; dense 2 tanh; dense 2 softmax }\ntrace m on gate[0]"),
        Concept(
            words: ["loss", "cost", "objective"],
            text:
                "The loss is one number that says how wrong the outputs are; training lowers it. mse suits numbers to predict, crossentropy classes after softmax, binary_crossentropy one sigmoid unit. DL picks it from the last layer; train … loss <name> chooses another.",
            formula: "mse = mean((y - t)^2); crossentropy = -sum t log y",
            example: "data gate = xor\nmodel m { dense 4 tanh; dense 2 softmax }\ntrain m on gate epochs 3 loss crossentropy"),
        Concept(
            words: ["gradient", "derivative"],
            text:
                "A gradient is how fast the loss changes as one weight changes: its sign says which way to move the weight, its size how much the weight matters now. Backpropagation computes every weight's gradient at once; trace shows them.",
            formula: "dL/dw",
            example: "data gate = xor\nmodel m { input 2; dense 2 tanh; dense 2 softmax }\ntrace m on gate[2]"),
        Concept(
            words: ["backpropagation", "backprop", "backward"],
            text:
                "Backpropagation computes the gradient of the loss for every weight by the chain rule, from the last layer back to the first: each layer turns the gradient of its output into the gradients of its weights and of its input. trace shows this backward pass after the forward one.",
            formula: "dL/dW(l) = delta(l) a(l-1)^T;  delta(l-1) = W(l)^T delta(l) * f'(z(l-1))",
            example: "data gate = xor\nmodel m { input 2; dense 2 tanh; dense 2 softmax }\ntrace m on gate[3]"),
        Concept(
            words: ["optimizer", "gradient_descent", "descent", "optimiser"],
            text:
                "An optimizer moves every weight a small step against its gradient; the learning rate (lr) is the step's size. Plain gradient descent (gd) takes one step per pass over all the data; sgd one per batch; adagrad, rmsprop, adam and adamw adapt the step per weight. Choose with train … optimizer <name> lr <rate>.",
            formula: "w = w - lr * dL/dw",
            example:
                "data gate = xor\nmodel m { dense 4 tanh; dense 2 softmax }\ntrain m on gate epochs 20 batch full optimizer gd lr 0.5"
        ),
        Concept(
            words: ["lr", "learning_rate", "step_size"],
            text:
                "The learning rate is the size of each step an optimizer takes. Too small and the loss falls slowly; too large and it jumps about or grows (DL stops a training whose loss stops being a number). schedule lowers it as training goes on.",
            formula: "w = w - lr * dL/dw",
            example: "data gate = xor\nmodel m { dense 4 tanh; dense 2 softmax }\ntrain m on gate epochs 10 lr 0.05\nplot m.loss"),
        Concept(
            words: ["epoch", "iteration"],
            text:
                "An epoch is one pass over all the training data; a training runs for a number of epochs, and the loss table has one row per epoch. An update (an iteration) is one optimizer step, once per batch.",
            formula: nil,
            example: "data gate = xor\nmodel m { dense 4 tanh; dense 2 softmax }\ntrain m on gate epochs 5\nlen(m.loss)"),
        Concept(
            words: ["batch", "mini_batch", "minibatch", "batch_size"],
            text:
                "A batch is the group of samples whose gradients are averaged for one update. batch full is the whole data set (gradient descent: one update an epoch); batch 1 is pure stochastic gradient descent; 32 or 64 is the usual middle. m.batch_loss keeps every update's loss.",
            formula: nil,
            example:
                "data gate = xor\nmodel m { dense 4 tanh; dense 2 softmax }\ntrain m on gate epochs 2 batch 1 optimizer sgd lr 0.1\nlen(m.batch_loss)"
        ),
        Concept(
            words: ["mlp", "multilayer_perceptron", "feedforward", "dense_network"],
            text:
                "A multilayer perceptron is dense layers one after another: every neuron of a layer sees every output of the one before. With a nonlinear activation between them it can learn any smooth boundary, given enough neurons; XOR needs one hidden layer.",
            formula: nil,
            example:
                "data gate = xor\nmodel mlp { dense 8 tanh; dense 2 softmax }\ntrain mlp on gate epochs 200 lr 0.05\nevaluate mlp on gate"
        ),
        Concept(
            words: ["convolution", "cnn", "convolutional", "conv"],
            text:
                "A convolution slides small filters over an image; each filter's weights are shared across every position, so it finds its pattern anywhere with few parameters. conv <filters> <size> makes one layer; maxpool halves the image after it; flatten hands the result to dense layers.",
            formula: "y[i, j] = sum over the window of w * x + b",
            example: "model cnn { input 28x28x1; conv 8 3x3 relu; maxpool 2; flatten; dense 10 softmax }\nsummary cnn"),
        Concept(
            words: ["pooling", "maxpool", "avgpool", "subsampling"],
            text:
                "Pooling shrinks an image by keeping one value per window: the largest (maxpool) or the mean (avgpool). It makes a network less sensitive to where exactly a feature is, and cheaper; it has no weights.",
            formula: "maxpool: y = max over the window of x",
            example: "model p { input 8x8x1; maxpool 2; flatten }\nsummary p"),
        Concept(
            words: ["flatten", "flattening"],
            text:
                "Flattening turns an image (height x width x channels) into one long row of values, so dense layers can take it. It changes the shape, not the values, and has no weights.",
            formula: nil,
            example: "model f { input 4x4x2; flatten; dense 3 softmax }\nsummary f"),
        Concept(
            words: ["rnn", "recurrent", "sequence_model"],
            text:
                "A recurrent network reads a sequence one step at a time and keeps a hidden state that carries what it has seen; the same weights apply at every step. rnn is the simplest such layer; lstm and gru add gates that let it remember over long spans.",
            formula: "h(t) = tanh(W x(t) + U h(t-1) + b)",
            example:
                "data waves = sine 64 steps 10\nmodel r { rnn 8; dense 1 }\ntrain r on waves epochs 3\npredict r on waves[0]"),
        Concept(
            words: ["lstm", "long_short_term_memory", "gates"],
            text:
                "An LSTM cell keeps a memory c beside its output h; an input gate, a forget gate and an output gate, each a sigmoid of the input and the last output, decide what to write, keep and show. That is how it carries information across many steps where a plain rnn forgets.",
            formula: "c(t) = f * c(t-1) + i * g;  h(t) = o * tanh(c(t))",
            example: "data waves = sine 64 steps 10\nmodel l { lstm 8; dense 1 }\ntrain l on waves epochs 3\nsummary l"),
        Concept(
            words: ["gru", "gated_recurrent_unit"],
            text:
                "A GRU is a lighter LSTM: an update gate and a reset gate, and no separate memory. It has three sets of weights where an LSTM has four, and often learns as well.",
            formula: "h(t) = (1 - z) * h(t-1) + z * tanh(W x + U (r * h(t-1)))",
            example: "model g { input 10x1; gru 8; dense 1 }\nsummary g"),
        Concept(
            words: ["sequence_shapes", "one_to_one", "one_to_many", "many_to_one", "many_to_many", "seq2seq"],
            text:
                "Sequence models come in shapes. One-to-one is a dense network; many-to-one reads a sequence and answers once (lstm, then dense); many-to-many answers at every step (lstm 8 sequences, then timedense). One-to-many and sequence-to-sequence make steps from one vector: repeat copies it into steps for a recurrent layer to unroll, or a decoder writes the steps one by one, each fed the step before. Each shape has data to train on: sine (with sequences or ahead k), waves and digits.",
            formula: nil,
            example:
                "data reversed = digits 300 length 3\nmodel seq2seq { lstm 16; repeat 3; lstm 16 sequences; timedense 10 softmax }\ntrain seq2seq on reversed epochs 3\npredict seq2seq on reversed[0:2]"
        ),
        Concept(
            words: ["teacher_forcing"],
            text:
                "A decoder writes a sequence one step at a time, each step fed the output before it. While it learns, it is fed the right previous output instead (the target): teacher forcing. Every step then learns from a correct history, and all steps run at once. When it predicts, it is fed its own outputs, so an early mistake can lead to more: compare the loss table's accuracy (teacher-forced) with val_accuracy (on its own).",
            formula: "training: x(t) = [v, y_target(t-1)];  predicting: x(t) = [v, y_own(t-1)]",
            example:
                "data reversed = digits 300 length 3\nsplit reversed 0.2\nmodel fed { lstm 16; decoder 16 steps 3 outputs 10 softmax }\ntrain fed on reversed epochs 3\npredict fed on reversed.validation[0:2]"
        ),
        Concept(
            words: ["supervised", "supervised_learning"],
            text:
                "Supervised learning learns from examples whose answers are given: labels for classification, numbers for regression. The loss compares the model's outputs with those answers.",
            formula: nil,
            example: "data toy = moons 200\nmodel m { dense 8 relu; dense 2 softmax }\ntrain m on toy epochs 5\nevaluate m on toy"
        ),
        Concept(
            words: ["unsupervised", "unsupervised_learning"],
            text:
                "Unsupervised learning finds structure in data without answers. An autoencoder is the neural way: it learns to reproduce its input through a narrow middle layer, so that layer must find a compact code. A data set viewed unlabeled is its own target.",
            formula: nil,
            example:
                "data toy = blobs 200\ndata points = toy unlabeled\nmodel ae { dense 1 tanh; dense 2 }\ntrain ae on points epochs 5\nevaluate ae on points"
        ),
        Concept(
            words: ["autoencoder", "encoder"],
            text:
                "An autoencoder is an encoder that squeezes the input into a small code and a decoder that rebuilds the input from it, trained to make the rebuilt input match the original (mse). On images, predict shows the inputs above their reconstructions.",
            formula: "loss = mean((decode(encode(x)) - x)^2)",
            example:
                "data clothes = fashion_mnist take 200\ndata pixels = clothes unlabeled\nmodel ae { dense 16 relu; dense 784 sigmoid }\ntrain ae on pixels epochs 2\npredict ae on pixels.test[0:4]"
        ),
        Concept(
            words: ["overfitting", "generalization", "validate"],
            text:
                "A model overfits when it learns its training samples so well that it does worse on new ones: the training loss keeps falling while the validation loss rises. Hold out data with validate (or split) to see it, and stop at the best epoch with patience.",
            formula: nil,
            example:
                "data toy = moons 100 noise 0.3\nmodel big { dense 64 relu; dense 64 relu; dense 2 softmax }\ntrain big on toy epochs 30 validate 0.3 patience 5\nplot big.loss, big.val_loss"
        ),
        Concept(
            words: ["regression", "linear_regression"],
            text:
                "Regression predicts numbers rather than classes. A dense layer without activation is linear regression; the loss is mse, and evaluate shows the mean absolute error and R² beside it.",
            formula: "y = w · x + b; mse = mean((y - t)^2)",
            example:
                "data points = line 100\nmodel lin { dense 1 }\ntrain lin on points epochs 40 lr 0.05\nplot fit lin on points\nevaluate lin on points\nlin[0].weight"
        ),
        Concept(
            words: ["classification", "classifier"],
            text:
                "Classification predicts one of a set of classes. The last layer has one softmax unit per class (or one sigmoid unit for two classes), each output a probability; the predicted class is the most probable, and crossentropy is the loss.",
            formula: "class = argmax softmax(z)",
            example:
                "data toy = spirals 200\nmodel c { dense 16 relu; dense 2 softmax }\ntrain c on toy epochs 5\npredict c on toy[0:3]"
        ),
        Concept(
            words: ["accuracy"],
            text:
                "Accuracy is the fraction of samples whose predicted class is their label. It is easy to read but says nothing of how sure the model was; the loss does. The confusion matrix of evaluate shows which classes are mistaken for which.",
            formula: "accuracy = right / samples",
            example: "data toy = moons 200\nmodel c { dense 8 relu; dense 2 softmax }\ntrain c on toy epochs 5\nevaluate c on toy"
        ),
        Concept(
            words: ["gd"],
            text:
                "Gradient descent takes one step per pass over the whole data set, down the average gradient of every sample. It is exact but slow on big data sets; use it with batch full.",
            formula: "w = w - lr * mean over all samples of dL/dw",
            example:
                "data gate = xor\nmodel m { dense 4 tanh; dense 2 softmax }\ntrain m on gate epochs 50 batch full optimizer gd lr 0.5"
        ),
        Concept(
            words: ["sgd", "stochastic_gradient_descent", "momentum"],
            text:
                "Stochastic gradient descent steps after every batch, each gradient a noisy estimate of the whole one: many cheap steps instead of one exact one. Momentum keeps a running direction, so steps speed up along a steady slope and noise cancels out.",
            formula: "v = momentum * v - lr * dL/dw;  w = w + v",
            example:
                "data toy = moons 200\nmodel m { dense 8 relu; dense 2 softmax }\ntrain m on toy epochs 5 batch 16 optimizer sgd lr 0.1 momentum 0.9"
        ),
        Concept(
            words: ["adagrad"],
            text:
                "Adagrad gives every weight its own learning rate, divided by the root of the sum of that weight's squared gradients so far: weights that change a lot slow down, rare ones keep large steps. Its rates only shrink.",
            formula: "s = s + g^2;  w = w - lr * g / (sqrt(s) + eps)",
            example:
                "data toy = moons 200\nmodel m { dense 8 relu; dense 2 softmax }\ntrain m on toy epochs 5 optimizer adagrad lr 0.05"
        ),
        Concept(
            words: ["adam"],
            text:
                "Adam keeps a running mean of each weight's gradient (momentum) and of its square (as rmsprop does), corrects both for starting at zero, and steps by their ratio. It works well with its default rate, 0.001, which is why DL trains with it unless told otherwise.",
            formula: "m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  w = w - lr * m^ / (sqrt(v^) + eps)",
            example:
                "data toy = moons 200\nmodel m { dense 8 relu; dense 2 softmax }\ntrain m on toy epochs 5 optimizer adam lr 0.01"),
    ]
}
