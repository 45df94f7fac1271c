// The sign-in page.
import type { FC } from 'hono/jsx';
import { type HostFrame, HostLayout } from './layout.js';

export const SignInPage: FC<{
  h: HostFrame;
  name?: string;
  next?: string;
  flash?: string;
  notice?: string;
  /** Whether anyone may make an account here (a link to /-/signup). */
  signup?: boolean;
}> = ({ h, name, next, flash, notice, signup }) => (
  <HostLayout h={h} flash={flash} notice={notice}>
    <div class="col-12 col-md-6 mx-auto">
      <h1 class="h2 mb-3">Sign in</h1>
      <form method="post" action="/-/signin" class="Box p-3">
        <input type="hidden" name="next" value={next ?? '/'} />
        <label for="name" class="d-block mb-1">
          Name
        </label>
        <input
          class="form-control width-full mb-3"
          id="name"
          name="name"
          value={name ?? ''}
          autocomplete="username"
          required
          autofocus
        />
        <label for="password" class="d-block mb-1">
          Password
        </label>
        <input
          class="form-control width-full mb-3"
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <button class="btn btn-primary btn-block" type="submit" id="sign-in-submit">
          Sign in
        </button>
      </form>
      {signup ? (
        <p class="mt-3 text-center">
          New here?{' '}
          <a class="text-underline" href="/-/signup" id="sign-up-link">
            Create an account
          </a>
        </p>
      ) : null}
    </div>
  </HostLayout>
);
