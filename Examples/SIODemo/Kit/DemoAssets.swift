import Foundation

/// The demo's static files (the chat page and its client), served from the bundle.
public enum DemoAssets {
    /// The bytes of `name` under `Public/`, nil when absent.
    public static func file(_ name: String) -> [UInt8]? {
        guard let url = Bundle.module.url(forResource: "Public/\(name)", withExtension: nil),
              let data = try? Data(contentsOf: url) else { return nil }
        return [UInt8](data)
    }
}
