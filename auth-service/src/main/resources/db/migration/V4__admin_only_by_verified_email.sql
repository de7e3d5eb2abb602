-- Until V4, an address listed in MOSAIC_AUTH_ADMIN_EMAILS made an admin at sign-up, unverified: whoever
-- signed up first with it held the role. Only a verified address makes an admin now, so the role is
-- taken back from every user whose address is unverified; a listed owner gets it again by verifying it.
UPDATE users
SET roles = array_remove(roles, 'admin'), updated_at = now()
WHERE NOT email_verified AND 'admin' = ANY (roles);
