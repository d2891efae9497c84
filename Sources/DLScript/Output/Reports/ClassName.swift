/// How tables and captions name a class.
enum ClassName {
    /// The class's number and name, or the number alone when the name is the number or unknown.
    static func text(_ index: Int, _ names: [String]?) -> String {
        guard let names, index < names.count else { return String(index) }
        return names[index] == String(index) ? names[index] : "\(index) \(names[index])"
    }
}
