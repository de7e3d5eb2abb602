-- Sign-in through external OpenID Connect providers (issue 5).
-- A running sign-in is a verifications row (purpose OIDC_STATE, the SHA-256 of the state as value_hash)
-- whose payload holds, encrypted, what the callback needs: the PKCE verifier, the nonce and the
-- callbackURL. Mailed tokens leave it NULL.
ALTER TABLE verifications ADD COLUMN payload text;

-- Unfinished sign-ins are swept by expiry.
CREATE INDEX verifications_expiry ON verifications (purpose, expires_at);

-- accounts.access_token / refresh_token / id_token of external providers hold AES-GCM ciphertexts
-- ("v1." + base64url), never the tokens themselves.
COMMENT ON COLUMN accounts.access_token IS 'AES-GCM sealed (KeyEncryption.seal), context accounts/<id>/access_token';
COMMENT ON COLUMN accounts.refresh_token IS 'AES-GCM sealed (KeyEncryption.seal), context accounts/<id>/refresh_token';
COMMENT ON COLUMN accounts.id_token IS 'AES-GCM sealed (KeyEncryption.seal), context accounts/<id>/id_token';
