import TaskScopes

extension Application {
    /// The names of the child scopes every application gets, in creation order.
    public static let childScopeNames = ["handlers", "timers", "background"]

    /// The options the child scope `name` is created with: its own from ``childScopeOptions``,
    /// else the application's ``scopeOptions``.
    public func scopeOptions(forChild name: String) -> ScopeOptions {
        childScopeOptions[name] ?? scopeOptions
    }
}
