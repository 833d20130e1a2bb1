package dev.gatehouse.tenant.users;

import dev.gatehouse.tenant.common.Database;
import dev.gatehouse.tenant.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/** Reads and writes users ({@code app_user}); a change is saved by {@link #save}, in the caller's transaction. */
@ApplicationScoped
public class Users {

    @Inject
    Database db;

    public Optional<User> find(String id) {
        return db.one("select " + User.COLUMNS + " from app_user where id = ?", User::from, id);
    }

    /** The user with this (normalised) address, if any. */
    public Optional<User> withEmail(String email) {
        return email == null ? Optional.empty()
                : db.one("select " + User.COLUMNS + " from app_user where email = ?", User::from, email);
    }

    /** A page of users matching {@code where} (SQL over {@code app_user}, placeholders filled by {@code values}). */
    public Page<User> page(String where, int page, int size, Object... values) {
        return db.page("select " + User.COLUMNS + " from app_user where " + where, "created_at, id", User::from, page,
                size, values);
    }

    public void insert(User user) {
        db.update("insert into app_user (" + User.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)", user.id, user.email,
                user.name, user.givenName, user.familyName, user.status, user.createdAt, user.lastLoginAt,
                user.ownerConnection);
    }

    /** Writes every field of {@code user} but its id and creation time. */
    public void save(User user) {
        db.update("""
                update app_user set email = ?, name = ?, given_name = ?, family_name = ?, status = ?, last_login_at = ?,
                owner_connection = ? where id = ?""", user.email, user.name, user.givenName, user.familyName, user.status,
                user.lastLoginAt, user.ownerConnection, user.id);
    }

    /** Their identities, memberships, grants and directory entries go with them (foreign keys cascade). */
    public boolean delete(String id) {
        return db.update("delete from app_user where id = ?", id) == 1;
    }
}
