-- Spring Security's JdbcUserDetailsManager tables
CREATE TABLE IF NOT EXISTS users (username VARCHAR(50) NOT NULL PRIMARY KEY, password VARCHAR(500) NOT NULL,
                                  enabled BOOLEAN NOT NULL);
CREATE TABLE IF NOT EXISTS authorities (username VARCHAR(50) NOT NULL REFERENCES users (username),
                                        authority VARCHAR(50) NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS ix_auth_username ON authorities (username, authority);
