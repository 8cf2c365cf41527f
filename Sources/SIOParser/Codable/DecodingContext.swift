/// What every decoder and container of one decode shares.
final class DecodingContext {
    let attachments: any AttachmentSource
    let options: SIOValueDecoder.Options
    let userInfo: [CodingUserInfoKey: Any]

    init(attachments: any AttachmentSource, options: SIOValueDecoder.Options, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.attachments = attachments
        self.options = options
        self.userInfo = userInfo
    }
}
