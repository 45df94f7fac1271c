// The sign-up pages: the form, "check your mail" after it, and the page a mailed link opens.
import type { FC } from 'hono/jsx';
import { type HostFrame, HostLayout, Post } from './layout.js';

export const SignUpPage: FC<{ h: HostFrame; name?: string; email?: string; mailed: boolean; flash?: string }> = ({
  h,
  name,
  email,
  mailed,
  flash,
}) => (
  <HostLayout h={h} flash={flash}>
    <div class="col-12 col-md-6 mx-auto">
      <h1 class="h2 mb-3">Create an account</h1>
      <p class="color-fg-muted">
        A new account may read the public repositories here and take part in them; anything more is granted by their
        administrators.{mailed ? ' A link to confirm the account is mailed to you.' : ''}
      </p>
      <Post action="/-/signup" h={h} class="Box p-3">
        <label for="signup-name" class="d-block mb-1">
          Name
        </label>
        <input
          class="form-control width-full mb-1"
          id="signup-name"
          name="name"
          value={name ?? ''}
          autocomplete="username"
          maxlength={39}
          required
          autofocus
        />
        <p class="note mb-3">Letters, digits, ".", "_" or "-", starting with a letter or digit.</p>
        <label for="signup-email" class="d-block mb-1">
          Email{mailed ? '' : ' (optional)'}
        </label>
        <input
          class="form-control width-full mb-3"
          id="signup-email"
          name="email"
          type="email"
          value={email ?? ''}
          autocomplete="email"
          required={mailed}
        />
        <label for="signup-password" class="d-block mb-1">
          Password
        </label>
        <input
          class="form-control width-full mb-1"
          id="signup-password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength={8}
          required
        />
        <p class="note mb-3">At least 8 characters.</p>
        <button class="btn btn-primary btn-block" type="submit" id="sign-up-submit">
          Create account
        </button>
      </Post>
      <p class="mt-3 text-center">
        Have an account?{' '}
        <a class="text-underline" href="/-/signin">
          Sign in
        </a>
      </p>
    </div>
  </HostLayout>
);

export const CheckMailPage: FC<{ h: HostFrame; email: string; hours: number }> = ({ h, email, hours }) => (
  <HostLayout h={h}>
    <div class="col-12 col-md-6 mx-auto">
      <h1 class="h2 mb-3">Check your mail</h1>
      <p id="check-mail">
        We sent a link to <strong>{email}</strong>. Open it to confirm your account; it works for {hours} hours. Until
        then the account does not exist.
      </p>
    </div>
  </HostLayout>
);

export const ConfirmPage: FC<{ h: HostFrame; name: string; email: string; code: string }> = ({
  h,
  name,
  email,
  code,
}) => (
  <HostLayout h={h}>
    <div class="col-12 col-md-6 mx-auto">
      <h1 class="h2 mb-3">Confirm your account</h1>
      <Post action={`/-/signup/confirm/${code}`} h={h} class="Box p-3">
        <p>
          Create the account <strong>{name}</strong> for {email}?
        </p>
        <button class="btn btn-primary btn-block" type="submit" id="confirm-submit">
          Confirm
        </button>
      </Post>
    </div>
  </HostLayout>
);
