extension EngineCookie {
    /// The `Set-Cookie` value carrying `value` (the sid), attributes in the order the reference's `cookie.serialize`
    /// writes them. (Owner: HTTP helpers. Stub: replace the body.)
    func serialize(value: String) -> String { "\(name)=\(value)" }
}
