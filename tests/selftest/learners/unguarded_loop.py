"""Learner-style target: a chapter file that trains at import, with no `if __name__ == "__main__":`
guard: a spiral dataset made with NumPy (3 000 points) and a 10 001-epoch loop through a 512-unit
layer, minutes of work. NEVER import it outside a subprocess with a timeout. Its classes (the
module's definitions alone) are correct in every role."""

import numpy as np

SAMPLES = 1000
CLASSES = 3
EPOCHS = 10001


def spiral_data(samples, classes):
    """`classes` interleaved spiral arms of `samples` noisy points each (the book's toy data)."""
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype="uint8")
    for class_number in range(classes):
        ix = range(samples * class_number, samples * (class_number + 1))
        r = np.linspace(0.0, 1, samples)
        t = np.linspace(class_number * 4, (class_number + 1) * 4, samples) + np.random.randn(samples) * 0.2
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = class_number
    return X, y


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = np.dot(dvalues, self.weights.T)


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax:
    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues):
        self.dinputs = self.output * (dvalues - np.sum(dvalues * self.output, axis=1, keepdims=True))


class Activation_Sigmoid:
    def forward(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


def to_one_hot(y_true, y_pred):
    y_true = np.asarray(y_true)
    if y_true.ndim == 2 and y_true.shape[1] == 1 and y_pred.shape[1] > 1:
        y_true = y_true.ravel()
    if y_true.ndim == 1:
        return np.eye(y_pred.shape[1], dtype=y_pred.dtype)[y_true.astype(int)]
    return y_true.astype(y_pred.dtype)


class Loss:
    def calculate(self, output, y):
        return np.mean(self.forward(output, y))


class Loss_CategoricalCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return -np.sum(to_one_hot(y_true, y_pred_clipped) * np.log(y_pred_clipped), axis=1)

    def backward(self, dvalues, y_true):
        clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -to_one_hot(y_true, clipped) / clipped / len(dvalues)


class Loss_BinaryCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true).astype(y_pred_clipped.dtype).reshape(y_pred_clipped.shape)
        sample_losses = -(y_true * np.log(y_pred_clipped) + (1 - y_true) * np.log(1 - y_pred_clipped))
        return np.mean(sample_losses, axis=-1)

    def backward(self, dvalues, y_true):
        samples, outputs = dvalues.shape
        clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true).astype(clipped.dtype).reshape(clipped.shape)
        self.dinputs = -(y_true / clipped - (1 - y_true) / (1 - clipped)) / outputs / samples


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.output = self.activation.output
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        y_true = to_one_hot(y_true, dvalues)
        self.dinputs = (dvalues * np.sum(y_true, axis=1, keepdims=True) - y_true) / len(dvalues)


class Optimizer_SGD:
    def __init__(self, learning_rate=1.0, decay=1e-3):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0

    def update_params(self, layer):
        self.current_learning_rate = self.learning_rate / (1 + self.decay * self.iterations)
        layer.weights += -self.current_learning_rate * layer.dweights
        layer.biases += -self.current_learning_rate * layer.dbiases

    def post_update_params(self):
        self.iterations += 1


X, y = spiral_data(samples=SAMPLES, classes=CLASSES)
dense1 = Layer_Dense(2, 512)
activation1 = Activation_ReLU()
dense2 = Layer_Dense(512, CLASSES)
loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
optimizer = Optimizer_SGD()

for epoch in range(EPOCHS):
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    loss = loss_activation.forward(dense2.output, y)
    accuracy = np.mean(np.argmax(loss_activation.output, axis=1) == y)
    if not epoch % 100:
        print(f"epoch: {epoch}, acc: {accuracy:.3f}, loss: {loss:.3f}")
    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    optimizer.update_params(dense1)
    optimizer.update_params(dense2)
    optimizer.post_update_params()
